import { explainMismatch, type SecretAlternative, trimmedSecret } from './explain';
import { alsoStale, checkTimestamp, parseTimestamp } from './timestamp';
import { parseSwSecret, type SwKey, verifyEd25519 } from './swKeys';
import type { Verdict } from '../model/verdict';
import type { Verifier, VerifyRequest } from './types';
import { headerValue } from '../model/headers';
import {
  decodeBase64,
  duplicatedHeader,
  hmac,
  invalid,
  noSecret,
  notSigned,
  nowSeconds,
  quote,
  safeEqual,
  tooLong,
  tooManySignatures,
  valid,
} from './util';

/** The Standard Webhooks reference libraries refuse timestamps more than five minutes away, either way. */
export const STANDARD_WEBHOOKS_TOLERANCE_SECONDS = 5 * 60;

/**
 * When the body does not verify, re-serialised forms of it are tried against this many signatures of each
 * kind at most: each ed25519 check hashes the whole body, and a sender rotating keys sends two or three.
 */
const MAX_DIAGNOSED_SIGNATURES = 3;

interface SwHeaders {
  readonly style: 'webhook' | 'svix';
  /** The header names the values were read from, e.g. `svix-id`, or `webhook-id` next to `svix-signature`. */
  readonly names: { readonly id: string; readonly timestamp: string; readonly signature: string };
  readonly id: string | undefined;
  readonly timestamp: string | undefined;
  readonly signature: string;
}

interface Entries {
  readonly v1: readonly Uint8Array[];
  readonly v1a: readonly Uint8Array[];
}

/**
 * Standard Webhooks (and Svix, with `svix-*` header names): `webhook-signature` holds space-separated
 * `v1,<base64 HMAC-SHA256>` and `v1a,<base64 ed25519>` entries over `<id>.<timestamp>.<body>`.
 * HMAC keys are `whsec_<base64>`; ed25519 keys `whpk_<base64>` (public) or `whsk_<base64>` (secret).
 */
export const verifyStandardWebhooks: Verifier = (request, { secret, clock }) => {
  const h = readHeaders(request);
  if (!h) return notSigned('standard-webhooks', 'webhook-signature (or svix-signature)');
  const signatureName = h.names.signature;
  if (!secret) return noSecret('standard-webhooks', signatureName);
  const duplicated = duplicatedHeader('standard-webhooks', request, [h.names.signature, h.names.id, h.names.timestamp]);
  if (duplicated) return duplicated;
  const long =
    tooLong('standard-webhooks', signatureName, h.signature) ?? tooLong('standard-webhooks', h.names.id, h.id ?? '');
  if (long) return long;
  for (const [name, text] of [
    ['id', h.id],
    ['timestamp', h.timestamp],
  ] as const) {
    if (text === undefined || text === '') {
      return invalid(
        'standard-webhooks',
        'header-missing',
        `The request has ${signatureName} but no ${h.style}-${name}, which is part of what is signed. Something between the sender and here dropped it; forward all headers.`,
      );
    }
  }
  const timestamp = parseTimestamp('standard-webhooks', h.names.timestamp, (h.timestamp ?? '').slice(0, 64));
  if (typeof timestamp !== 'number') return timestamp;
  const entries = parseEntries(h.signature);
  if (entries.v1.length === 0 && entries.v1a.length === 0) {
    return invalid(
      'standard-webhooks',
      'header-malformed',
      `${signatureName} is ${quote(h.signature)}; it should hold "v1,<base64>" (or "v1a,<base64>") entries separated by spaces.`,
    );
  }
  const many = tooManySignatures('standard-webhooks', signatureName, entries.v1.length + entries.v1a.length);
  if (many) return many;
  const prefix = `${h.id}.${timestamp}.`;
  const parsed = parseSwSecret(secret);
  if ('error' in parsed) {
    const alternative = alternatives(secret, (k) => entryMatches(k, entries, prefix, request.body)).find((a) =>
      a.matches(),
    );
    return invalid('standard-webhooks', 'secret-format', alternative?.message ?? parsed.error);
  }
  const key: SwKey = parsed;
  const mixUp = kindMixUp(key, entries);
  if (mixUp) return mixUp;
  const matches = (body: Uint8Array, k: SwKey = key): boolean => entryMatches(k, entries, prefix, body);
  const stale = checkTimestamp('standard-webhooks', timestamp, nowSeconds(clock.now()), {
    seconds: STANDARD_WEBHOOKS_TOLERANCE_SECONDS,
    refuseFuture: true,
  });
  if (matches(request.body)) return stale ?? valid('standard-webhooks');
  const diagnosed: Entries = {
    v1: entries.v1.slice(0, MAX_DIAGNOSED_SIGNATURES),
    v1a: entries.v1a.slice(0, MAX_DIAGNOSED_SIGNATURES),
  };
  return explainMismatch('standard-webhooks', {
    body: request.body,
    matchesBody: (body) => entryMatches(key, diagnosed, prefix, body),
    secretAlternatives: key.kind === 'hmac' ? alternatives(secret, (k) => matches(request.body, k)) : [],
    secretHint:
      "the endpoint's signing secret (whsec_…) in the sender's dashboard (Svix: the endpoint's Signing Secret), or for v1a the sender's public key (whpk_…)",
    also: alsoStale(stale),
  });
};

function readHeaders(request: VerifyRequest): SwHeaders | undefined {
  // Like the svix library, svix-* names win over webhook-* names.
  const style =
    headerValue(request, 'svix-signature') !== undefined
      ? 'svix'
      : headerValue(request, 'webhook-signature') !== undefined
        ? 'webhook'
        : undefined;
  if (style === undefined) return undefined;
  const other = style === 'svix' ? 'webhook' : 'svix';
  /** The style's own name for a part, else the other style's name when only that one is present. */
  const nameOf = (part: string): string =>
    headerValue(request, `${style}-${part}`) === undefined && headerValue(request, `${other}-${part}`) !== undefined
      ? `${other}-${part}`
      : `${style}-${part}`;
  const names = { id: nameOf('id'), timestamp: nameOf('timestamp'), signature: `${style}-signature` };
  return {
    style,
    names,
    id: headerValue(request, names.id),
    timestamp: headerValue(request, names.timestamp),
    signature: headerValue(request, names.signature) ?? '',
  };
}

function parseEntries(value: string): Entries {
  const v1: Uint8Array[] = [];
  const v1a: Uint8Array[] = [];
  for (const entry of value.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0) continue;
    const version = entry.slice(0, comma);
    const bytes = decodeBase64(entry.slice(comma + 1));
    if (version === 'v1' && bytes?.length === 32) v1.push(bytes);
    if (version === 'v1a' && bytes?.length === 64) v1a.push(bytes);
  }
  return { v1, v1a };
}

function entryMatches(key: SwKey, entries: Entries, prefix: string, body: Uint8Array): boolean {
  if (key.kind === 'hmac') {
    const expected = hmac('sha256', key.key, prefix, body);
    return entries.v1.some((signature) => safeEqual(signature, expected));
  }
  const content = Buffer.concat([Buffer.from(prefix), body]);
  return entries.v1a.some((signature) => verifyEd25519(key.publicKey, content, signature));
}

function kindMixUp(key: SwKey, entries: Entries): Verdict | undefined {
  if (key.kind === 'hmac' && entries.v1.length === 0) {
    return invalid(
      'standard-webhooks',
      'secret-format',
      'The request is signed with ed25519 ("v1a,…" entries only), which needs the sender\'s public key ("whpk_…"), not a "whsec_" secret.',
    );
  }
  if (key.kind === 'ed25519' && entries.v1a.length === 0) {
    return invalid(
      'standard-webhooks',
      'secret-format',
      'The request is signed with HMAC ("v1,…" entries only), which needs the endpoint\'s "whsec_…" secret, not an ed25519 key.',
    );
  }
  return undefined;
}

function alternatives(secret: string, matches: (key: SwKey) => boolean): SecretAlternative[] {
  const text = (s: string): SwKey => ({ kind: 'hmac', key: Buffer.from(s, 'utf8') });
  const list = trimmedSecret(secret, (s) => {
    const key = parseSwSecret(s);
    return !('error' in key) && matches(key);
  });
  const stripped = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  list.push({
    matches: () => matches(text(secret)),
    message:
      'The sender keys its HMAC with the whole secret as text (Stripe style), not with the base64-decoded part after "whsec_" as Standard Webhooks does. If it is Stripe, choose the stripe provider; otherwise use the generic hmac provider.',
  });
  if (stripped !== secret) {
    list.push({
      matches: () => matches(text(stripped)),
      message:
        'The sender keys its HMAC with the text after "whsec_" as is, not base64-decoded as Standard Webhooks does; the sender does not follow the standard.',
    });
  }
  return list;
}
