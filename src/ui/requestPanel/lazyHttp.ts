import * as path from 'node:path';

export type HttpModule = typeof import('../../core/http');

/** Loads the pull side (undici) from its own bundle the first time a request is sent. */
export class LazyHttp {
  private loaded: HttpModule | undefined;

  constructor(private readonly bundleDir: string) {}

  get(): HttpModule {
    // The bundle sits next to extension.js; a computed path keeps the bundler from inlining it.
    this.loaded ??= require(path.join(this.bundleDir, 'http.js')) as HttpModule;
    return this.loaded;
  }
}
