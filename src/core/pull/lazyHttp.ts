import * as path from 'node:path';

export type HttpModule = typeof import('../http');

/** Gives the pull side's sender (undici); a session asks for it only when it sends. */
export interface HttpLoader {
  get(): HttpModule;
}

/** Loads the pull side (undici) from its own bundle the first time a request is sent. */
export class LazyHttp implements HttpLoader {
  private loaded: HttpModule | undefined;

  constructor(private readonly bundleDir: string) {}

  get(): HttpModule {
    // The bundle sits next to extension.js; a computed path keeps the bundler from inlining it.
    this.loaded ??= require(path.join(this.bundleDir, 'http.js')) as HttpModule;
    return this.loaded;
  }
}
