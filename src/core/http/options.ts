import type { PullCookieJar } from './cookies';
import type { ProxyOptions, TlsOptions } from './connection';
import type { ConnectionPool } from './pool';

/** How `pull` sends one request and keeps its answer. */
export interface PullOptions {
  /** Most ms to wait for the connection, the response head, and between two chunks of the body. Default 30 s. */
  readonly timeoutMs?: number;
  /** Most ms for the whole exchange, redirects included, if set. */
  readonly totalTimeoutMs?: number;
  /** Aborting it cancels the request (`CANCELLED`). */
  readonly signal?: AbortSignal;
  /** Most bytes of the body kept; the rest is not read and `truncated` is set. No cap when undefined. */
  readonly maxBodyBytes?: number;
  /** Bodies larger than this go to a file in `spillDir` instead of memory. Default 1 MiB. */
  readonly memoryThresholdBytes?: number;
  /** Folder for bodies over the threshold (created 0700 if missing; files 0600, names unique). */
  readonly spillDir: string;
  /** Follow 3xx answers with a Location (default true), at most `maxRedirects` (default 10). */
  readonly followRedirects?: boolean;
  readonly maxRedirects?: number;
  readonly tls?: TlsOptions;
  readonly proxy?: ProxyOptions;
  /** Cookies sent from and kept into this jar; none when undefined. */
  readonly cookieJar?: PullCookieJar;
  /** Sent as `User-Agent` unless the request has its own; the caller passes `PushPull/<version>`. */
  readonly userAgent?: string;
  /** Sent as `Accept-Encoding` when set and the request has none. */
  readonly acceptEncoding?: string;
  /**
   * Connections kept alive across requests (and their TLS and proxy set-up); the caller disposes of it. Without
   * one, each `pull` opens its own connections and closes them once the answer is read.
   */
  readonly pool?: ConnectionPool;
}

export const DEFAULT_PULL_TIMEOUT_MS = 30_000;
export const DEFAULT_MEMORY_THRESHOLD_BYTES = 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 10;
