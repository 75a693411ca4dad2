import * as assert from 'node:assert/strict';
import { verdictFor } from '../../../src/core/hooks/signing';

// A hook on no route is checked with the scheme its signature header names.

const clock = { now: () => 1_750_000_000_000 };

function schemeOf(headers: Array<[string, string]>): string | undefined {
  const hook = {
    method: 'POST',
    url: '/hook',
    fullUrl: 'http://127.0.0.1:8080/hook',
    headers,
    body: Buffer.from('{}'),
  };
  const verdict = verdictFor(hook, undefined, () => undefined, clock);
  return verdict.provider;
}

describe('verify: the scheme a hook on no route is checked with', () => {
  for (const [name, provider] of [
    ['X-Hub-Signature-256', 'github'],
    ['X-Hub-Signature', 'github'],
    ['Stripe-Signature', 'stripe'],
    ['X-Slack-Signature', 'slack'],
    ['X-Shopify-Hmac-Sha256', 'shopify'],
    ['webhook-signature', 'standard-webhooks'],
    ['svix-signature', 'standard-webhooks'],
    ['X-Gitlab-Token', 'gitlab'],
    ['X-Twilio-Signature', 'twilio'],
  ] as const) {
    it(`${name} means ${provider}`, () => {
      assert.equal(
        schemeOf([
          ['Content-Type', 'application/json'],
          [name, 'abc'],
        ]),
        provider,
      );
      assert.equal(schemeOf([[name.toUpperCase(), 'abc']]), provider);
    });
  }

  it('no signature header: not signed, by nothing in particular', () => {
    const hook = {
      method: 'POST',
      url: '/',
      fullUrl: 'http://127.0.0.1/',
      headers: [['X-Signature', 'abc']] as Array<[string, string]>,
      body: Buffer.from(''),
    };
    assert.deepEqual(
      verdictFor(hook, undefined, () => undefined, clock),
      { status: 'not-signed' },
    );
  });

  it('several signature headers: the more specific scheme wins, whatever their order', () => {
    const orders: Array<[Array<[string, string]>, string]> = [
      [
        [
          ['X-Twilio-Signature', 'a'],
          ['Stripe-Signature', 'b'],
        ],
        'stripe',
      ],
      [
        [
          ['X-Gitlab-Token', 'a'],
          ['X-Hub-Signature-256', 'b'],
        ],
        'github',
      ],
      [
        [
          ['svix-signature', 'a'],
          ['X-Shopify-Hmac-Sha256', 'b'],
        ],
        'shopify',
      ],
      [
        [
          ['X-Twilio-Signature', 'a'],
          ['webhook-signature', 'b'],
        ],
        'standard-webhooks',
      ],
    ];
    for (const [headers, provider] of orders) {
      assert.equal(schemeOf(headers), provider);
      assert.equal(schemeOf([...headers].reverse()), provider);
    }
  });
});
