import { explainMismatch, trimmedSecret } from './explain';
import type { Verdict } from '../model/verdict';
import type { Verifier } from './types';
import { headerValue } from '../model/headers';
import {
  decodeBase64,
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

export const SHOPIFY_HEADER = 'X-Shopify-Hmac-Sha256';

/** Shopify: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the body>` keyed with the app's client secret. */
export const verifyShopify: Verifier = (request, { secret }) => {
  const value = headerValue(request, SHOPIFY_HEADER);
  if (value === undefined) return notSigned('shopify', SHOPIFY_HEADER);
  if (!secret) return noSecret('shopify', SHOPIFY_HEADER);
  const duplicated = duplicatedHeader('shopify', request, [SHOPIFY_HEADER]);
  if (duplicated) return duplicated;
  const expected = parseSignature(value);
  if (!(expected instanceof Uint8Array)) return expected;
  const matches = (body: Uint8Array, key: string = secret): boolean => safeEqual(hmac('sha256', key, body), expected);
  if (matches(request.body)) return valid('shopify');
  return explainMismatch('shopify', {
    body: request.body,
    matchesBody: (body) => matches(body),
    secretAlternatives: trimmedSecret(secret, (key) => matches(request.body, key)),
    secretHint:
      "the app's client secret (API secret key) in the Partner Dashboard or the store's app settings; for webhooks made in the store admin, the key shown under Settings → Notifications → Webhooks",
  });
};

function parseSignature(value: string): Uint8Array | Verdict {
  const long = tooLong('shopify', SHOPIFY_HEADER, value);
  if (long) return long;
  const text = value.trim();
  const digest = decodeBase64(text);
  if (digest?.length === 32) return digest;
  const hex = decodeHex(text)?.length === 32 ? ' It looks like hex; Shopify sends base64.' : '';
  return invalid(
    'shopify',
    'header-malformed',
    `${SHOPIFY_HEADER} is ${quote(value)}; it should be 44 characters of base64 (a SHA-256 digest).${hex}`,
  );
}
