import type * as http from 'node:http';

/** A server that no longer takes connections and finishes the requests it has. */
export interface Draining {
  /** Resolves once every connection has ended. */
  readonly done: Promise<void>;
  /** Ends every connection now. */
  cut(): void;
}

/**
 * Stops `server` taking connections (its port is free at once) and lets the requests it has finish: idle
 * keep-alive connections close now, the others once idle (the listener answers a replaced server's requests
 * with `Connection: close`), and whatever is left after `graceMs` is cut (`onCut` first).
 */
export function drain(server: http.Server, graceMs: number, onCut: () => void): Draining {
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
