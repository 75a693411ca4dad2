import { createHmac, timingSafeEqual } from 'node:crypto';
import { headerValues } from '../model/headers';
import type { ProviderName, ReasonCode, Verdict } from '../model/verdict';
import type { VerifyRequest } from './types';

/** Signature headers longer than this are refused as malformed before any parsing. */
export const MAX_HEADER_LENGTH = 16 * 1024;

export type Bytes = Uint8Array | string;

/**
 * Signatures one header may carry (Stripe's v1 items, Standard Webhooks entries). A sender sends one per
 * signing key, two or three while rotating keys; a header with more is refused rather than checked, so one
 * request cannot make PushPull verify hundreds of signatures.
 */
const MAX_SIGNATURES = 8;

/**
 * Refuses a request that sent one of the headers a scheme reads more than once with different values:
 * a sender signs once, so a copy was added on the way, and apps disagree on which one counts (Node.js
 * joins them with ", ", other frameworks take the first or the last). Copies that differ only in the
 * whitespace around them count as one.
 */
export function duplicatedHeader(
  provider: ProviderName,
  request: Pick<VerifyRequest, 'headers'>,
  names: readonly string[],
): Verdict | undefined {
  for (const name of names) {
    const values = headerValues(request, name);
    if (values.length < 2 || new Set(values.map((v) => v.trim())).size === 1) continue;
    return invalid(
      provider,
      'header-malformed',
      `The request sent ${values.length} ${name} headers with different values; a sender signs once, so one was ` +
        `added or changed on the way. Apps differ on which one they read (Node.js joins them with ", "), so the ` +
        `request is not valid as sent: find what adds the extra ${name} header.`,
    );
  }
  return undefined;
}

/** A header with more signatures than MAX_SIGNATURES; refused before checking any. */
export function tooManySignatures(provider: ProviderName, headerName: string, count: number): Verdict | undefined {
  if (count <= MAX_SIGNATURES) return undefined;
  return invalid(
    provider,
    'header-malformed',
    `${headerName} holds ${count} signatures; a sender sends one per signing key (two or three while rotating keys). ` +
      `PushPull checks at most ${MAX_SIGNATURES} and refuses more, so none was checked.`,
  );
}

/** HMAC over the concatenation of `parts` (strings are UTF-8). */
export function hmac(algorithm: string, key: Bytes, ...parts: Bytes[]): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Constant-time equality; different lengths are unequal without comparing. */
export function safeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes hex strictly (even length, hex digits only), or undefined. */
export function decodeHex(text: string): Buffer | undefined {
  return HEX.test(text) ? Buffer.from(text, 'hex') : undefined;
}

/** Decodes standard padded base64 strictly, or undefined. */
export function decodeBase64(text: string): Buffer | undefined {
  return text.length > 0 && BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}

export function valid(provider: ProviderName, note?: string): Verdict {
  return note === undefined ? { status: 'valid', provider } : { status: 'valid', provider, note };
}

export function invalid(provider: ProviderName, code: ReasonCode, message: string, skewSeconds?: number): Verdict {
  return {
    status: 'invalid',
    provider,
    reason: skewSeconds === undefined ? { code, message } : { code, message, skewSeconds },
  };
}

export function notSigned(provider: ProviderName, headerName: string): Verdict {
  return {
    status: 'not-signed',
    provider,
    reason: {
      code: 'header-missing',
      message:
        provider === 'hmac'
          ? `The request has no ${headerName} header, so it is not signed. Check the header name in the settings, and that the sender signs its requests.`
          : `The request has no ${headerName} header, so it is not signed. Check that the sender is ${providerTitle(provider)} and that signing is turned on for this webhook.`,
    },
  };
}

export function noSecret(provider: ProviderName, headerName: string): Verdict {
  return {
    status: 'no-secret',
    provider,
    reason: {
      code: 'no-secret',
      message: `The request is signed (${headerName}) but no signing secret is set, so the signature was not checked. Set the signing secret${provider === 'hmac' ? '' : ` from ${providerTitle(provider)}`} to check it.`,
    },
  };
}

/** A header value too long to be a signature; refused before parsing. */
export function tooLong(provider: ProviderName, headerName: string, value: string): Verdict | undefined {
  if (value.length <= MAX_HEADER_LENGTH) return undefined;
  return invalid(
    provider,
    'header-malformed',
    `The ${headerName} header is ${value.length} characters long, far more than any signature; it was not parsed.`,
  );
}

/** Shortens untrusted text for inclusion in a message. */
export function quote(text: string, max = 40): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(shown);
}

export function providerTitle(provider: ProviderName): string {
  switch (provider) {
    case 'github':
      return 'GitHub';
    case 'stripe':
      return 'Stripe';
    case 'slack':
      return 'Slack';
    case 'shopify':
      return 'Shopify';
    case 'standard-webhooks':
      return 'Standard Webhooks (Svix)';
    case 'gitlab':
      return 'GitLab';
    case 'twilio':
      return 'Twilio';
    case 'hmac':
      return 'the sender';
  }
}

export function nowSeconds(clockNowMs: number): number {
  return Math.floor(clockNowMs / 1000);
}
