import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { getVerifier, PROVIDER_NAMES, resolveProvider } from '../../../src/core/verify/registry';
import type { Verdict } from '../../../src/core/model/verdict';

const HEADER_NAMES = [
  'X-Hub-Signature-256',
  'X-Hub-Signature',
  'Stripe-Signature',
  'X-Slack-Signature',
  'X-Slack-Request-Timestamp',
  'X-Shopify-Hmac-Sha256',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'svix-id',
  'svix-timestamp',
  'svix-signature',
  'X-Gitlab-Token',
  'X-Twilio-Signature',
  'X-Twilio-Webhooks-Signature-Settings',
  'Content-Type',
  'X-Signature',
];

// Values shaped like the real ones (so parsing goes deep), plain junk, and very long strings.
const valueArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    'sha256=',
    'sha1=',
    'v0=',
    't=',
    'v1,',
    'v1a,',
    'algorithm=HMAC_SHA256',
    'application/x-www-form-urlencoded',
  ),
  fc
    .tuple(
      fc.constantFrom('sha256=', 't=1750000000,v1=', 'v0=', 'v1,', 'v1a,', ''),
      fc.stringMatching(/^[0-9a-fA-F+/=,. ]{0,140}$/),
    )
    .map(([a, b]) => a + b),
  fc.nat({ max: 3_000_000 }).map((n) => 'a'.repeat(n % 2 === 0 ? n : 20_000) + '='),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
);

const secretArb = fc.oneof(
  fc.constant(undefined),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc
    .tuple(fc.constantFrom('whsec_', 'whpk_', 'whsk_', 'sk_test_', 'xoxb-'), fc.string({ maxLength: 90 }))
    .map(([p, s]) => p + s),
  fc.uint8Array({ minLength: 32, maxLength: 64 }).map((b) => `whsk_${Buffer.from(b).toString('base64')}`),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `whpk_${Buffer.from(b).toString('base64')}`),
);

describe('verify: hostile input never throws', () => {
  it('gives every provider a verdict for any headers, body, URL, secret and clock', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROVIDER_NAMES),
        fc.array(fc.tuple(fc.constantFrom(...HEADER_NAMES), valueArb), { maxLength: 8 }),
        fc.uint8Array({ maxLength: 400 }),
        fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string({ unit: 'binary', maxLength: 60 })),
        secretArb,
        fc.oneof(fc.integer(), fc.double()),
        (provider, headers, body, url, secret, now) => {
          let verdict: Verdict | undefined;
          assert.doesNotThrow(() => {
            verdict = getVerifier(provider)(
              { method: 'POST', url, headers, body },
              {
                secret,
                clock: { now: () => now },
                hmac: { header: 'X-Signature', algorithm: 'sha256', encoding: 'hex' },
              },
            );
          });
          assert.ok(verdict);
          assert.equal(verdict.provider, provider);
          assert.ok(['valid', 'invalid', 'no-secret', 'not-signed'].includes(verdict.status));
          if (verdict.status !== 'valid') assert.ok((verdict.reason?.message.length ?? 0) > 10);
          assert.doesNotThrow(() => JSON.stringify(verdict));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('resolves provider names and the svix alias, case-insensitively, and nothing else', () => {
    assert.equal(resolveProvider('svix'), 'standard-webhooks');
    assert.equal(resolveProvider(' GitHub '), 'github');
    assert.equal(resolveProvider('toString'), undefined);
    assert.equal(resolveProvider('__proto__'), undefined);
    for (const name of PROVIDER_NAMES) assert.equal(resolveProvider(name), name);
  });
});
