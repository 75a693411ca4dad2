import type * as http from 'node:http';
import type { RateLimiter } from './rateLimit';
import type { Draining } from './drain';
import type { Route } from './routes';
import type { SecretLookup } from './signing';

export interface ListenerOptions {
  readonly host: string;
  /** 0 picks any free port. */
  readonly port: number;
  readonly maxBodyBytes: number;
  readonly routes: readonly Route[];
  /** A client must send its request head within this many ms. */
  readonly headersTimeoutMs: number;
  /** A client must send its whole request within this many ms. */
  readonly requestTimeoutMs: number;
  /** Signing secrets of routes; the signature of every hook is checked on arrival. */
  readonly secretFor: SecretLookup;
  /** Most connections open at once; more are closed unread. 0: no limit. */
  readonly maxConnections: number;
  /** Most hooks a second from one sender address, in bursts of as many; more are answered 429. 0: no limit. */
  readonly maxHooksPerSecond: number;
}

export const defaultListenerOptions: ListenerOptions = {
  host: '127.0.0.1',
  port: 8787,
  maxBodyBytes: 25 * 1024 * 1024,
  routes: [],
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  secretFor: () => undefined,
  // Far above what a provider sends, redeliveries included, while keeping a flood from one sender off the store.
  maxConnections: 256,
  maxHooksPerSecond: 100,
};

export interface ListeningAddress {
  readonly host: string;
  readonly port: number;
  readonly url: string;
}

/** One start of the listener: its server, the options it runs with, and what ends its waits. */
export interface Serving {
  readonly server: http.Server;
  readonly options: ListenerOptions;
  /** The hooks-per-second limit its requests are checked against. */
  readonly limiter: RateLimiter;
  address: ListeningAddress | undefined;
  /** Aborted when this server is cut or the listener stops: its route delays and forwards end at once. */
  readonly stopping: AbortController;
  /** Forward targets of its routes that are this server itself (forwarding there would loop). */
  selfTargets: ReadonlySet<string>;
  /** A restart replaced it: its requests are answered with `Connection: close`. */
  replaced: boolean;
  /** Set once replaced: it finishes its requests. */
  draining: Draining | undefined;
  /** Its connections have all ended (after a restart replaced it). */
  drained: boolean;
  /** Its forwards still running. */
  forwards: number;
}

/** What a replaced server's last request may take beyond arriving and its route's delay: being stored. */
export const STORE_GRACE_MS = 5000;

/** A replaced server's request is answered, then its connection closes (its server is draining). */
export function closeIfReplaced(res: http.ServerResponse, serving: Serving): void {
  if (serving.replaced) res.setHeader('connection', 'close');
}
