import type { Clock } from '../clock';

export type { Clock } from '../clock';

/** A request as the provider sent it: raw header pairs in arrival order and the exact body bytes. */
export interface VerifyRequest {
  readonly method: string;
  /** The full URL as the provider called it (scheme, host, port, path, query). Twilio signs it. */
  readonly url: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Uint8Array;
}

/** Canonical provider names. `svix` is accepted as an alias of `standard-webhooks` (see registry). */
export type ProviderName =
  'github' | 'stripe' | 'slack' | 'shopify' | 'standard-webhooks' | 'gitlab' | 'twilio' | 'hmac';

export type VerdictStatus = 'valid' | 'invalid' | 'no-secret' | 'not-signed';

/**
 * Why a verdict is not `valid`.
 * - `wrong-secret`: certainly the secret (the body plays no part, e.g. GitLab's token, or a Stripe API key given).
 * - `signature-mismatch`: the secret is wrong or the body/URL changed after signing; nothing tells which.
 * - `body-mismatch`: the body is not what was signed (re-serialised JSON, trimmed newline, Twilio's bodySHA256),
 *   or the signature does not cover it (a Twilio body that is neither a form nor hashed in the URL; a form
 *   of too many pairs to check).
 * - `header-malformed`: a signature header that cannot be used as sent: unparsable, too long, holding more
 *   signatures than are checked, or sent twice with different values.
 * - `url-mismatch`: Twilio signed a different URL than the one given (http/https, trailing slash).
 * - `secret-format`: the secret was given in the wrong form (`whsec_` prefix, base64, whitespace).
 * - `config-invalid` / `config-mismatch`: generic HMAC settings unusable, or another algorithm/encoding matches.
 */
export type ReasonCode =
  | 'wrong-secret'
  | 'signature-mismatch'
  | 'body-mismatch'
  | 'url-mismatch'
  | 'timestamp-too-old'
  | 'timestamp-in-future'
  | 'header-missing'
  | 'header-malformed'
  | 'secret-format'
  | 'no-secret'
  | 'config-invalid'
  | 'config-mismatch';

export interface VerdictReason {
  readonly code: ReasonCode;
  /** Words a person can act on. */
  readonly message: string;
  /** For timestamp reasons: now − signed timestamp, in seconds (positive: too old; negative: in the future). */
  readonly skewSeconds?: number;
}

export interface Verdict {
  readonly status: VerdictStatus;
  readonly provider: ProviderName;
  /** Present for every status but `valid`. */
  readonly reason?: VerdictReason;
  /** Extra information on a valid verdict, e.g. that only GitHub's legacy sha1 signature was present. */
  readonly note?: string;
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
