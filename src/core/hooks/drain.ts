import type * as http from 'node:http';

/** A server that no longer takes connections and finishes the requests it has. */
export interface Draining {
  /** Resolves once every connection has ended. */
  readonly done: Promise<void>;
  /** Ends every connection now. */
  cut(): void;
}

/**
 * Stops `server` taking connections (its port is free at once) and lets the requests it has finish: each is
 * answered with `Connection: close`, idle keep-alive connections close now, and whatever is left after
 * `graceMs` is cut (`onCut` first). `unanswered` are the responses not sent yet.
 */
export function drain(
  server: http.Server,
  unanswered: Iterable<http.ServerResponse>,
  graceMs: number,
  onCut: () => void,
): Draining {
  const closeAfter = (res: http.ServerResponse): void => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  };
  for (const res of unanswered) closeAfter(res);
  // A keep-alive connection may still bring a request; it is served, and its connection closes after it.
  const onRequest = (_req: http.IncomingMessage, res: http.ServerResponse): void => closeAfter(res);
  server.on('request', onRequest);
  server.on('checkContinue', onRequest);
  const cut = (): void => {
    clearTimeout(timer);
    onCut();
    server.closeAllConnections();
  };
  const timer = setTimeout(cut, graceMs);
  const done = new Promise<void>((resolve) => {
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  server.closeIdleConnections();
  return { done, cut };
}
