import type { Clock } from '../clock';
import type { HeaderPairs } from '../model/headers';
import type { Verdict } from '../model/verdict';

export type { Clock } from '../clock';

/** A request as the provider sent it: raw header pairs in arrival order and the exact body bytes. */
export interface VerifyRequest {
  readonly method: string;
  /** The full URL as the provider called it (scheme, host, port, path, query). Twilio signs it. */
  readonly url: string;
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
}

/** Settings of the generic HMAC scheme. */
export interface HmacOptions {
  /** A Node HMAC digest name, e.g. `sha256` (default), `sha1`, `sha512`. */
  readonly algorithm?: string;
  /** The header carrying the signature, e.g. `X-Signature`. */
  readonly header: string;
  /** How the digest is written in the header (default `hex`). */
  readonly encoding?: 'hex' | 'base64';
  /** Text before the digest, e.g. `sha256=`. */
  readonly prefix?: string;
}

export interface VerifyOptions {
  /** The signing secret; empty or absent gives a `no-secret` verdict. */
  readonly secret: string | undefined;
  readonly clock: Clock;
  /** Required by the `hmac` provider only. */
  readonly hmac?: HmacOptions;
}

export type Verifier = (request: VerifyRequest, options: VerifyOptions) => Verdict;
