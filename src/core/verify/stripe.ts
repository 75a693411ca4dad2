import { explainMismatch, type SecretAlternative, trimmedSecret } from './explain';
import { alsoStale, checkTimestamp, parseTimestamp } from './timestamp';
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
  nowSeconds,
  quote,
  safeEqual,
  tooLong,
  tooManySignatures,
  valid,
} from './util';

export const STRIPE_HEADER = 'Stripe-Signature';
/** Stripe's libraries refuse timestamps older than this; like them, PushPull does not refuse future ones. */
export const STRIPE_TOLERANCE_SECONDS = 300;

const API_KEY = /^(sk|rk|pk)_(test|live)_/;

/**
 * Stripe: `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, each v1 an HMAC-SHA256 of
 * `<t>.<body>` keyed with the whole `whsec_…` string.
 */
export const verifyStripe: Verifier = (request, { secret, clock }) => {
  const value = headerValue(request, STRIPE_HEADER);
  if (value === undefined) return notSigned('stripe', STRIPE_HEADER);
  if (!secret) return noSecret('stripe', STRIPE_HEADER);
  const duplicated = duplicatedHeader('stripe', request, [STRIPE_HEADER]);
  if (duplicated) return duplicated;
  const parsed = parseStripeHeader(value);
  if (!('timestamp' in parsed)) return parsed;
  const { timestamp, signatures } = parsed;
  const lastT =
    parsed.timestampItems > 1
      ? `${STRIPE_HEADER} has ${parsed.timestampItems} "t=" items; like Stripe's libraries, PushPull used the last one (${timestamp}).`
      : undefined;
  const matches = (body: Uint8Array, key: string = secret): boolean => {
    const expected = hmac('sha256', key, `${timestamp}.`, body);
    return signatures.some((signature) => safeEqual(signature, expected));
  };
  const stale = checkTimestamp('stripe', timestamp, nowSeconds(clock.now()), {
    seconds: STRIPE_TOLERANCE_SECONDS,
    refuseFuture: false,
  });
  if (matches(request.body)) return stale ?? valid('stripe', lastT);
  const alternatives = secretAlternatives(secret, (key) => matches(request.body, key));
  if (API_KEY.test(secret) && !alternatives.some((a) => a.matches())) {
    return invalid(
      'stripe',
      'wrong-secret',
      `The secret looks like a Stripe API key (${secret.slice(0, 8)}…), not a webhook signing secret. ` +
        'Use the endpoint\'s signing secret, which starts with "whsec_" (Dashboard → Developers → Webhooks, or the one `stripe listen` prints).',
    );
  }
  return explainMismatch('stripe', {
    body: request.body,
    matchesBody: (body) => matches(body),
    secretAlternatives: alternatives,
    secretHint:
      "the endpoint's signing secret (whsec_…) in the Stripe Dashboard under Developers → Webhooks, or the one `stripe listen` prints; test and live mode have different secrets",
    also: [alsoStale(stale), lastT].filter(Boolean).join(' ') || undefined,
  });
};

export interface StripeHeader {
  readonly timestamp: number;
  readonly signatures: readonly Uint8Array[];
  /** How many `t=` items the header has; the last one is the timestamp, as in Stripe's libraries. */
  readonly timestampItems: number;
}

/**
 * Parses `t=…,v1=…` the way Stripe's libraries do (no spaces; of several `t=` items the last counts),
 * or explains why it cannot be used.
 */
export function parseStripeHeader(value: string): StripeHeader | Verdict {
  const long = tooLong('stripe', STRIPE_HEADER, value);
  if (long) return long;
  let timestampText: string | undefined;
  let timestampItems = 0;
  const v1: string[] = [];
  for (const item of value.split(',')) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    const text = eq < 0 ? '' : item.slice(eq + 1);
    if (key === 't') {
      timestampText = text;
      timestampItems++;
    }
    if (key === 'v1') v1.push(text);
  }
  const shape = `it should look like "t=1712345678,v1=<64 hex digits>" (no spaces)`;
  if (timestampText === undefined) {
    return invalid('stripe', 'header-malformed', `${STRIPE_HEADER} ${quote(value)} has no "t=" timestamp; ${shape}.`);
  }
  const timestamp = parseTimestamp('stripe', `${STRIPE_HEADER} "t="`, timestampText);
  if (typeof timestamp !== 'number') return timestamp;
  const many = tooManySignatures('stripe', `${STRIPE_HEADER} ("v1=" items)`, v1.length);
  if (many) return many;
  const signatures = v1.map((s) => decodeHex(s)).filter((s): s is Buffer => s?.length === 32);
  if (signatures.length === 0) {
    const what = v1.length === 0 ? 'no "v1=" signature' : 'no "v1=" signature of 64 hex digits';
    return invalid('stripe', 'header-malformed', `${STRIPE_HEADER} ${quote(value)} has ${what}; ${shape}.`);
  }
  return { timestamp, signatures, timestampItems };
}

function secretAlternatives(secret: string, matches: (key: string) => boolean): SecretAlternative[] {
  const alternatives = [...trimmedSecret(secret, matches)];
  if (!secret.startsWith('whsec_')) {
    alternatives.push({
      matches: () => matches(`whsec_${secret}`),
      message:
        'The secret was given without its "whsec_" prefix; Stripe signs with the whole string, prefix included. Use "whsec_" followed by what you gave.',
    });
  } else {
    alternatives.push({
      matches: () => matches(secret.slice('whsec_'.length)),
      message:
        'This request was signed with the secret minus its "whsec_" prefix, unlike Stripe, which signs with the whole string. Give the secret without "whsec_".',
    });
  }
  return alternatives;
}
