import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ProviderName, ReasonCode, Verdict, VerifyRequest } from './types';

/** Signature headers longer than this are refused as malformed before any parsing. */
export const MAX_HEADER_LENGTH = 16 * 1024;

export type Bytes = Uint8Array | string;

/** First value of a header, case-insensitively. */
export function header(request: Pick<VerifyRequest, 'headers'>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [n, v] of request.headers) if (n.toLowerCase() === lower) return v;
  return undefined;
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
