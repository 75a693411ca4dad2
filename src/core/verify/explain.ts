import type { ProviderName, Verdict } from '../model/verdict';
import { bodyVariants, MAX_VARIANT_BODY } from './variants';
import { invalid } from './util';

/** Another form of the secret that a person may have meant; `matches` checks it against the original body. */
export interface SecretAlternative {
  readonly matches: () => boolean;
  /** Said when it matches: what was wrong with the secret as given and what to use instead. */
  readonly message: string;
}

export interface Mismatch {
  readonly body: Uint8Array;
  /** Whether the signature matches `body` signed with the secret as given. */
  readonly matchesBody: (body: Uint8Array) => boolean;
  readonly secretAlternatives: readonly SecretAlternative[];
  /** Where the secret comes from, completing "Check the secret: …". */
  readonly secretHint: string;
  /** Appended to every explanation, e.g. that the timestamp is stale too. */
  readonly also?: string;
}

/**
 * Says why a signature does not match: a mix-up in the form of the secret, a body that was rewritten
 * after signing (re-serialised JSON, trimmed newline), or, with nothing to tell them apart,
 * wrong secret or modified body. Only for a body that failed the direct check: the guesses cost up to
 * about 40 calls of `matchesBody` (none for bodies over MAX_VARIANT_BODY), so keep each call cheap.
 */
export function explainMismatch(provider: ProviderName, mismatch: Mismatch): Verdict {
  const also = mismatch.also ? ` ${mismatch.also}` : '';
  for (const alternative of mismatch.secretAlternatives) {
    if (alternative.matches()) return invalid(provider, 'secret-format', `${alternative.message}${also}`);
  }
  for (const variant of bodyVariants(mismatch.body)) {
    if (mismatch.matchesBody(variant.bytes)) {
      return invalid(
        provider,
        'body-mismatch',
        `The body differs from what was signed — it looks re-serialised: the signature matches this body ` +
          `${variant.description}. Something between the sender and here (a relay, proxy or framework) ` +
          `rewrote the body; verify the raw bytes the sender sent.${also}`,
      );
    }
  }
  const tried =
    mismatch.body.length > MAX_VARIANT_BODY
      ? `the body is too large (over ${MAX_VARIANT_BODY / 1024} KiB) to try re-serialised forms of it`
      : 'no re-serialised form of it matches either';
  return invalid(
    provider,
    'signature-mismatch',
    `The signature does not match: the secret is wrong, or the body was modified after it was signed ` +
      `(${tried}). Check the secret: ${mismatch.secretHint}.${also}`,
  );
}

/** The alternative every HMAC scheme shares: the secret was pasted with spaces or a newline around it. */
export function trimmedSecret(secret: string, matches: (secret: string) => boolean): SecretAlternative[] {
  const trimmed = secret.trim();
  if (trimmed === secret || trimmed === '') return [];
  return [
    {
      matches: () => matches(trimmed),
      message:
        'The secret has spaces or a newline around it; without them the signature matches. Set the secret again without them.',
    },
  ];
}
