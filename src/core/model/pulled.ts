/**
 * The pull side's exchange: a request as it was sent and the response as it came, with its bodies either in
 * memory (small) or in a file (large), its timings and its redirect hops. Forwards and replays keep the simpler
 * `HttpResponse` of `exchange.ts`.
 */

/** A body held in memory, or written to a file because it was larger than the in-memory threshold. */
export type BodyRef =
  | { readonly kind: 'memory'; readonly bytes: Uint8Array }
  | { readonly kind: 'file'; readonly path: string; readonly size: number };

/** A request body as it was sent. */
export type SentBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  /** A file sent as it is (binary body), streamed from disk; `size` as it was when sent. */
  | { readonly kind: 'file'; readonly path: string; readonly size: number };

/** A request ready to send: variables resolved, auth applied, defaults (Content-Type, User-Agent) added. */
export interface OutgoingRequest {
  readonly method: string;
  /** Absolute http(s) URL; a URL without a scheme is completed by the sender (`http://` for loopback). */
  readonly url: string;
  /** Name/value pairs in the order they are written; repeated names stay apart. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: SentBody;
}

/** Per-exchange timings in ms. A phase that did not happen (a reused connection, plain http) is `undefined`. */
export interface ExchangeTimings {
  readonly dns?: number;
  readonly connect?: number;
  readonly tls?: number;
  /** From sending the request to the response head. */
  readonly firstByte: number;
  /** From the response head to the last body byte. */
  readonly download: number;
  readonly total: number;
  /** True when the request went over a pooled connection opened earlier: dns, connect and tls did not happen. */
  readonly reusedConnection: boolean;
}

/** One redirect followed: the answer that redirected and where it pointed. */
export interface RedirectHop {
  readonly url: string;
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly location: string;
}

export interface PulledResponse {
  /** The URL that gave this answer (the request's, or the last redirect's target). */
  readonly url: string;
  readonly status: number;
  /** The reason phrase as the server sent it ('' over HTTP/2 or when absent). */
  readonly statusText: string;
  readonly httpVersion: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The body as it came over the wire (still gzip/deflate/br encoded when it was). */
  readonly raw: BodyRef;
  /** The body with its Content-Encoding undone; the same reference as `raw` when it was not encoded. */
  readonly decoded: BodyRef;
  /** The Content-Encoding that was undone (`gzip`, `br`, `deflate`, or a list), if any. */
  readonly encoding?: string;
  /** Why the body could not be decoded (then `decoded` is `raw`). */
  readonly decodeError?: string;
  /** True when a size cap (setting) cut the body. */
  readonly truncated: boolean;
  readonly timings: ExchangeTimings;
  /** Redirects followed before this answer, in order. */
  readonly redirects: readonly RedirectHop[];
}

/** Where an exchange was sent from. */
export type ExchangeSource = 'panel' | 'httpFile' | 'cli' | 'watch';

/** A request sent and the answer it got, as the history keeps it (credentials masked, URL without userinfo). */
export interface PulledExchange {
  readonly id: string;
  /** ms since the epoch when the request was sent. */
  readonly startedAt: number;
  readonly source: ExchangeSource;
  /** A name the request has (`# @name` in a `.http` file, a panel's title), if any. */
  readonly name?: string;
  readonly request: OutgoingRequest;
  readonly response: PulledResponse;
}

export function bodySize(body: BodyRef): number {
  return body.kind === 'memory' ? body.bytes.length : body.size;
}
