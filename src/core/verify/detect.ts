import type { ProviderName } from '../model/verdict';

type Headers = ReadonlyArray<readonly [string, string]>;

/** Signature headers that name their scheme, in the order they are checked. */
const SIGNATURE_HEADERS: ReadonlyArray<readonly [string, ProviderName]> = [
  ['x-hub-signature-256', 'github'],
  ['x-hub-signature', 'github'],
  ['stripe-signature', 'stripe'],
  ['x-slack-signature', 'slack'],
  ['x-shopify-hmac-sha256', 'shopify'],
  ['webhook-signature', 'standard-webhooks'],
  ['svix-signature', 'standard-webhooks'],
  ['x-gitlab-token', 'gitlab'],
  ['x-twilio-signature', 'twilio'],
];

/** The scheme a request's headers say it was signed with, or undefined when it carries no known signature. */
export function detectProvider(headers: Headers): ProviderName | undefined {
  let best = SIGNATURE_HEADERS.length;
  for (const [name] of headers) {
    const rank = RANK.get(name.toLowerCase());
    if (rank !== undefined && rank < best) best = rank;
  }
  return SIGNATURE_HEADERS[best]?.[1];
}

/** Position of each signature header in SIGNATURE_HEADERS. */
const RANK = new Map(SIGNATURE_HEADERS.map(([header], i) => [header, i]));

/** Whether a header (any case) carries the signature of a scheme named in SIGNATURE_HEADERS. */
export function isSignatureHeader(name: string): boolean {
  return RANK.has(name.toLowerCase());
}
