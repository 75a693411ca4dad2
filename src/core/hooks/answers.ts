import type * as http from 'node:http';
import type { Logger, Timers } from '../clock';

// The listener's own answers: the default one, a route's, and its refusals.

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** A route's answer headers, with `content-type: application/json` unless they name a type (in any case). */
export function withDefaultType(headers: Readonly<Record<string, string>>): Record<string, string> {
  const named = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  return named ? { ...headers } : { 'content-type': 'application/json', ...headers };
}

/** `{"ok":true,"id":"…"}`; ids are digits and a dash, so no escaping is needed. */
export function defaultAnswer(id: string): string {
  return `{"ok":true,"id":"${id}"}`;
}

/** Waits `ms` on `timers`, or less when `signal` aborts. */
export function delay(ms: number, signal: AbortSignal, timers: Timers): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      cancel();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const cancel = timers.after(ms, done);
    signal.addEventListener('abort', done);
  });
}

/** 503: the hook was not kept, and the sender should try again. */
export function refuseUnstored(res: http.ServerResponse, why: string, logger: Logger): void {
  logger.error(why);
  res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
  res.end(JSON.stringify({ error: 'not_stored' }));
}

/** Connections that close after the answer in progress. */
export const closing = new WeakSet<object>();

/** 413 before the body is read; the connection closes after it. */
export function refuseTooLarge(res: http.ServerResponse, limit: number): void {
  if (res.socket) closing.add(res.socket);
  res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
  // The rest of the body is never read: the connection closes once the answer is out.
  res.end(JSON.stringify({ error: 'payload_too_large', limit }), () => res.socket?.destroy());
}

/**
 * 429: the sender is over its hooks-per-second limit; `retryAfter` is in whole seconds. With `close`, the
 * connection closes once the answer is out and nothing more of it is read.
 */
export function refuseTooMany(res: http.ServerResponse, retryAfter: number, perSecond: number, close: boolean): void {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'retry-after': String(retryAfter) };
  const socket = res.socket;
  if (close) {
    if (socket) closing.add(socket);
    headers.connection = 'close';
  }
  res.writeHead(429, headers);
  res.end(JSON.stringify({ error: 'too_many_requests', limitPerSecond: perSecond, retryAfter }), () => {
    if (close) socket?.destroy();
  });
}
