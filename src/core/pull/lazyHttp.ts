import * as path from 'node:path';
import { PushPullError } from '../errors';

export type HttpModule = typeof import('../http');

/** Gives the sender module (undici); asked for only when something is sent. */
export interface HttpLoader {
  get(): HttpModule;
}

/**
 * Loads the sender from its own bundle (`dist/http.js`) the first time a request, forward or replay is sent, so
 * undici stays out of activation. In the extension the panels, forwards and replays share one loader. A bundle
 * that cannot be loaded is an error naming it, tried again on the next send.
 */
export class LazyHttp implements HttpLoader {
  private loaded: HttpModule | undefined;

  constructor(private readonly bundleDir: string) {}

  get(): HttpModule {
    if (this.loaded) return this.loaded;
    const file = path.join(this.bundleDir, 'http.js');
    try {
      // A computed path keeps the bundler from inlining it.
      this.loaded = require(file) as HttpModule;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new PushPullError(
        'REQUEST_FAILED',
        `PushPull's sender (http.js) could not be loaded from ${this.bundleDir}: ${reason}. Reinstalling the extension restores it.`,
        { cause: error },
      );
    }
    return this.loaded;
  }
}
