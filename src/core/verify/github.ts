import { explainMismatch, trimmedSecret } from './explain';
import type { Verdict } from '../model/verdict';
import type { Verifier } from './types';
import { headerValue } from '../model/headers';
import {
  decodeHex,
  duplicatedHeader,
  hmac,
  invalid,
  noSecret,
  notSigned,
  quote,
  safeEqual,
  tooLong,
  valid,
} from './util';

const SCHEMES = [
  { header: 'X-Hub-Signature-256', algorithm: 'sha256', hexLength: 64 },
  { header: 'X-Hub-Signature', algorithm: 'sha1', hexLength: 40 },
] as const;

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`, keyed with the webhook secret.
 * The legacy `X-Hub-Signature: sha1=<hex>` is checked only when the sha256 header is absent.
 */
export const verifyGithub: Verifier = (request, { secret }) => {
  const scheme = SCHEMES.find((s) => headerValue(request, s.header) !== undefined);
  if (!scheme) return notSigned('github', 'X-Hub-Signature-256');
  const value = headerValue(request, scheme.header) ?? '';
  if (!secret) return noSecret('github', scheme.header);
  const duplicated = duplicatedHeader('github', request, [scheme.header]);
  if (duplicated) return duplicated;
  const expected = parseSignature(value, scheme);
  if (!(expected instanceof Uint8Array)) return expected;
  const matches = (body: Uint8Array, key: string = secret): boolean =>
    safeEqual(hmac(scheme.algorithm, key, body), expected);
  if (matches(request.body)) {
    return scheme.algorithm === 'sha1'
      ? valid(
          'github',
          "Only GitHub's legacy X-Hub-Signature (HMAC-SHA1) was present and it matches; GitHub recommends checking X-Hub-Signature-256.",
        )
      : valid('github');
  }
  return explainMismatch('github', {
    body: request.body,
    matchesBody: (body) => matches(body),
    secretAlternatives: trimmedSecret(secret, (key) => matches(request.body, key)),
    secretHint: "the Secret field of the webhook in the repository's, organisation's or GitHub App's settings",
  });
};

function parseSignature(value: string, scheme: (typeof SCHEMES)[number]): Uint8Array | Verdict {
  const long = tooLong('github', scheme.header, value);
  if (long) return long;
  const prefix = `${scheme.algorithm}=`;
  const text = value.trim();
  if (!text.startsWith(prefix)) {
    const bare =
      decodeHex(text)?.length === scheme.hexLength / 2 ? ` It looks like a bare digest: add "${prefix}".` : '';
    return invalid(
      'github',
      'header-malformed',
      `${scheme.header} is ${quote(value)}; it should be "${prefix}" followed by ${scheme.hexLength} hex digits.${bare}`,
    );
  }
  const digest = decodeHex(text.slice(prefix.length));
  if (!digest || digest.length !== scheme.hexLength / 2) {
    return invalid(
      'github',
      'header-malformed',
      `${scheme.header} is ${quote(value)}; after "${prefix}" it should have ${scheme.hexLength} hex digits.`,
    );
  }
  return digest;
}
