/** Canonical signature scheme names. `svix` is accepted as an alias of `standard-webhooks` (see verify/registry). */
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

/** What a signature scheme's check of a request found. */
export interface Verdict {
  readonly status: VerdictStatus;
  readonly provider: ProviderName;
  /** Present for every status but `valid`. */
  readonly reason?: VerdictReason;
  /** Extra information on a valid verdict, e.g. that only GitHub's legacy sha1 signature was present. */
  readonly note?: string;
}

/** A request no scheme could be named for: neither a route nor the headers say how it was signed. */
export interface UnsignedVerdict {
  readonly status: 'not-signed';
  readonly provider?: undefined;
  readonly reason?: undefined;
  readonly note?: undefined;
}
