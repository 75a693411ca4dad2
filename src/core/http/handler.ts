import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';

/** The head of an answer, its body as a stream with backpressure, and when each part happened. */
export interface AnswerHead {
  readonly status: number;
  readonly statusText: string;
  /** Names and values as they came, in their order. */
  readonly rawHeaders: ReadonlyArray<readonly [string, string]>;
  readonly body: Readable;
  /** The socket the request went over, when undici said (the ConnectionPool's channel). */
  readonly socket?: Socket;
  /** performance.now() when the request was written, and when its head arrived. */
  readonly sentAt: number;
  readonly headAt: number;
}

/**
 * undici's handler for one request (the interface whose `onHeaders` gets the raw header pairs): resolves with the
 * head, then streams the body. The body is paused while whoever reads it is behind; destroying it aborts the
 * request. `abort` ends the request at any point with the error given.
 */
export class AnswerHandler implements Dispatcher.DispatchHandler {
  readonly head: Promise<AnswerHead>;
  socket: Socket | undefined;
  private settle!: { resolve: (head: AnswerHead) => void; reject: (error: Error) => void };
  private abortRequest: ((error?: Error) => void) | undefined;
  private pendingAbort: Error | undefined;
  private resume: (() => void) | undefined;
  private body: Readable | undefined;
  private sentAt = performance.now();
  private done = false;

  constructor(private readonly onWrite: (handler: AnswerHandler) => void) {
    this.head = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // The caller awaits `head` only after dispatching; an early failure must not go unhandled meanwhile.
    this.head.catch(() => undefined);
  }

  abort(error: Error): void {
    if (this.done) return;
    if (this.abortRequest) this.abortRequest(error);
    else this.pendingAbort = error;
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abortRequest = abort;
    if (this.pendingAbort) return abort(this.pendingAbort);
    this.sentAt = performance.now();
    this.onWrite(this);
  }

  onHeaders(status: number, headers: Buffer[], resume: () => void, statusText: string): boolean {
    this.resume = resume;
    const rawHeaders: Array<readonly [string, string]> = [];
    for (let i = 0; i + 1 < headers.length; i += 2) {
      rawHeaders.push([String(headers[i]?.toString('latin1')), String(headers[i + 1]?.toString('latin1'))]);
    }
    this.body = new Readable({
      // As undici's own body stream: fewer pauses of the socket than Node's 16 KiB default.
      highWaterMark: 64 * 1024,
      read: () => this.resume?.(),
      destroy: (error, callback) => {
        if (!this.done) this.abort(error ?? new Error('The body was not read to its end.'));
        callback(error);
      },
    });
    const { sentAt, socket } = this;
    this.settle.resolve({ status, statusText, rawHeaders, body: this.body, socket, sentAt, headAt: performance.now() });
    return true;
  }

  onData(chunk: Buffer): boolean {
    return this.body?.push(chunk) ?? true;
  }

  onComplete(): void {
    this.done = true;
    this.body?.push(null);
  }

  onError(error: Error): void {
    this.done = true;
    if (this.body) this.body.destroy(error);
    else this.settle.reject(error);
  }
}
