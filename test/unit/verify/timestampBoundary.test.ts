import * as assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign as edSign } from 'node:crypto';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { verifyRequest } from '../../../src/core/verify/registry';
import type { ProviderName, Verdict } from '../../../src/core/model/verdict';

type Pairs = Array<[string, string]>;

const T0 = 1_750_000_000;
const BODY = '{"id":"evt_boundary","n":1}';

/** A scheme with a timestamp window, as its documentation and reference library define it. */
interface Scheme {
  readonly title: string;
  readonly provider: ProviderName;
  readonly secret: string;
  /** The widest accepted difference between now and the signed timestamp, in seconds. */
  readonly tolerance: number;
  /** Whether a timestamp further than `tolerance` in the future is refused too. */
  readonly refusesFuture: boolean;
  /** Headers signing BODY at `timestamp` (Unix seconds), made by the sender's own library or recipe. */
  sign(timestamp: number): Pairs;
}

const ed25519 = (() => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  return { privateKey, whpk: `whpk_${pub.toString('base64')}` };
})();

const SW_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const schemes: Scheme[] = [
  {
    // stripe-node: `floor(now / 1000) - t > tolerance` throws; a timestamp in the future is never refused.
    title: 'Stripe',
    provider: 'stripe',
    secret: 'whsec_boundary',
    tolerance: 300,
    refusesFuture: false,
    sign: (timestamp) => [
      [
        'Stripe-Signature',
        new Stripe('sk_test_not_used_offline').webhooks.generateTestHeaderString({
          payload: BODY,
          secret: 'whsec_boundary',
          timestamp,
        }),
      ],
    ],
  },
  {
    // Slack's "Verifying requests": refuse when |now - timestamp| > 60 * 5.
    title: 'Slack',
    provider: 'slack',
    secret: 'slack-signing-secret',
    tolerance: 300,
    refusesFuture: true,
    sign: (timestamp) => [
      ['X-Slack-Request-Timestamp', String(timestamp)],
      [
        'X-Slack-Signature',
        `v0=${createHmac('sha256', 'slack-signing-secret').update(`v0:${timestamp}:${BODY}`).digest('hex')}`,
      ],
    ],
  },
  {
    // standardwebhooks: `now - timestamp > 300` is too old, `timestamp > now + 300` too new.
    title: 'Standard Webhooks (v1, webhook-*)',
    provider: 'standard-webhooks',
    secret: SW_SECRET,
    tolerance: 300,
    refusesFuture: true,
    sign: (timestamp) => swHeaders('webhook', timestamp, new Webhook(SW_SECRET).sign('msg_b', at(timestamp), BODY)),
  },
  {
    title: 'Svix (v1, svix-*)',
    provider: 'standard-webhooks',
    secret: SW_SECRET,
    tolerance: 300,
    refusesFuture: true,
    sign: (timestamp) => swHeaders('svix', timestamp, new SvixWebhook(SW_SECRET).sign('msg_b', at(timestamp), BODY)),
  },
  {
    title: 'Standard Webhooks (v1a, ed25519)',
    provider: 'standard-webhooks',
    secret: ed25519.whpk,
    tolerance: 300,
    refusesFuture: true,
    sign: (timestamp) => {
      const signature = edSign(null, Buffer.from(`msg_b.${timestamp}.${BODY}`), ed25519.privateKey);
      return swHeaders('webhook', timestamp, `v1a,${signature.toString('base64')}`);
    },
  },
];

function at(seconds: number): Date {
  return new Date(seconds * 1000);
}

function swHeaders(style: string, timestamp: number, signature: string): Pairs {
  return [
    [`${style}-id`, 'msg_b'],
    [`${style}-timestamp`, String(timestamp)],
    [`${style}-signature`, signature],
  ];
}

/** The verdict on BODY signed at `signedAt` (Unix seconds) when the clock reads `nowMs`. */
function verdictAt(scheme: Scheme, signedAt: number, nowMs: number): Verdict {
  return verifyRequest(
    scheme.provider,
    { method: 'POST', url: 'http://localhost/hook', headers: scheme.sign(signedAt), body: Buffer.from(BODY) },
    { secret: scheme.secret, clock: { now: () => nowMs } },
  );
}

/** The verdict when the signature is `age` whole seconds old at the clock's reading (negative: in the future). */
function verdictAged(scheme: Scheme, age: number): Verdict {
  return verdictAt(scheme, T0 - age, T0 * 1000);
}

function assertRefused(verdict: Verdict, code: string, skew: number): void {
  assert.equal(verdict.status, 'invalid', verdict.reason?.message);
  assert.deepEqual([verdict.reason?.code, verdict.reason?.skewSeconds], [code, skew]);
}

describe('verify: signature timestamps exactly at the tolerance and one second past it', () => {
  for (const scheme of schemes) {
    describe(scheme.title, () => {
      const limit = scheme.tolerance;

      it('accepts a signature exactly at the limit in the past', () => {
        assert.equal(verdictAged(scheme, limit).status, 'valid', verdictAged(scheme, limit).reason?.message);
      });

      it('refuses one a second older, as too old by that many seconds', () => {
        assertRefused(verdictAged(scheme, limit + 1), 'timestamp-too-old', limit + 1);
      });

      it('accepts a signature exactly at the limit in the future', () => {
        assert.equal(verdictAged(scheme, -limit).status, 'valid', verdictAged(scheme, -limit).reason?.message);
      });

      if (scheme.refusesFuture) {
        it('refuses one a second further in the future, saying so with a negative skew', () => {
          assertRefused(verdictAged(scheme, -(limit + 1)), 'timestamp-in-future', -(limit + 1));
        });
      } else {
        it('accepts one a second further in the future, and a day ahead, like the provider', () => {
          assert.equal(verdictAged(scheme, -(limit + 1)).status, 'valid');
          assert.equal(verdictAged(scheme, -86_400).status, 'valid');
        });
      }

      it('counts whole seconds of the clock: 999 ms past the limit is still at the limit', () => {
        // The reference libraries take floor(now / 1000), so a clock reading within the same second decides the same.
        const justInside = verdictAt(scheme, T0 - limit, T0 * 1000 + 999);
        assert.equal(justInside.status, 'valid', justInside.reason?.message);
        if (scheme.refusesFuture) {
          assertRefused(verdictAt(scheme, T0 + limit + 1, T0 * 1000 + 999), 'timestamp-in-future', -(limit + 1));
        }
      });
    });
  }
});

describe('verify: the timestamp window agrees with the reference libraries at the limit', () => {
  it("Stripe's verifyHeader, given the same clock, decides the same at -301, -300, 300 and 301 s", () => {
    const stripe = new Stripe('sk_test_not_used_offline');
    const scheme = schemes[0] as Scheme;
    const header = scheme.sign(T0)[0]?.[1] ?? '';
    for (const age of [-301, -300, 300, 301]) {
      for (const ms of [0, 999]) {
        const nowMs = (T0 + age) * 1000 + ms;
        let library = true;
        try {
          stripe.webhooks.signature?.verifyHeader(BODY, header, scheme.secret, 300, undefined, nowMs);
        } catch {
          library = false;
        }
        assert.equal(verdictAt(scheme, T0, nowMs).status === 'valid', library, `age ${age} s + ${ms} ms`);
      }
    }
  });

  it('the standardwebhooks and svix libraries decide the same at -301, -300, 300 and 301 s', () => {
    // Both libraries read the system clock: a comparison is kept only when the second did not change around it.
    const libraries = [
      (headers: Pairs): unknown => new Webhook(SW_SECRET).verify(BODY, Object.fromEntries(headers)),
      (headers: Pairs): unknown => new SvixWebhook(SW_SECRET).verify(BODY, Object.fromEntries(headers)),
    ];
    const scheme = schemes[2] as Scheme;
    for (const verify of libraries) {
      for (const age of [-301, -300, 300, 301]) {
        let compared = false;
        for (let attempt = 0; attempt < 5 && !compared; attempt++) {
          const second = Math.floor(Date.now() / 1000);
          let library = true;
          try {
            verify(scheme.sign(second - age));
          } catch {
            library = false;
          }
          if (Math.floor(Date.now() / 1000) !== second) continue;
          compared = true;
          assert.equal(library, Math.abs(age) <= 300, `the library at age ${age} s`);
          assert.equal(verdictAt(scheme, second - age, second * 1000).status === 'valid', library, `age ${age} s`);
        }
        assert.ok(compared, 'the clock changed second during every attempt');
      }
    }
  });
});
