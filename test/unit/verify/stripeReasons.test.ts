import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { verifyRequest } from '../../../src/core/verify/registry';
import type { Verdict } from '../../../src/core/model/verdict';

// What a person reads when a Stripe request does not verify, word for word.

const T0 = 1_750_000_000;
const SECRET = 'whsec_test_secret_for_reasons';
const BODY = '{"id":"evt_1","type":"charge.succeeded"}';
const SHAPE = 'it should look like "t=1712345678,v1=<64 hex digits>" (no spaces)';
const HINT =
  "Check the secret: the endpoint's signing secret (whsec_…) in the Stripe Dashboard under Developers → Webhooks, or the one `stripe listen` prints; test and live mode have different secrets.";
const MISMATCH =
  'The signature does not match: the secret is wrong, or the body was modified after it was signed (no re-serialised form of it matches either). ' +
  HINT;

function check(headers: Array<[string, string]>, secret: string, now = T0): Verdict {
  return verifyRequest(
    'stripe',
    { method: 'POST', url: 'http://localhost/', headers, body: Buffer.from(BODY) },
    { secret, clock: { now: () => now * 1000 } },
  );
}

function v1(key: string, t = T0): string {
  return createHmac('sha256', key).update(`${t}.${BODY}`).digest('hex');
}

const signed = (value: string, secret = SECRET, now = T0): Verdict => check([['Stripe-Signature', value]], secret, now);

describe('verify: Stripe reasons, word for word', () => {
  it('a valid signature names Stripe, and notes which of several "t=" items was used', () => {
    assert.deepEqual(signed(`t=${T0},v1=${v1(SECRET)}`), { status: 'valid', provider: 'stripe' });
    assert.deepEqual(signed(`t=1,t=${T0},v1=${v1(SECRET)}`), {
      status: 'valid',
      provider: 'stripe',
      note: `Stripe-Signature has 2 "t=" items; like Stripe's libraries, PushPull used the last one (${T0}).`,
    });
  });

  it('headers that cannot be used', () => {
    const hex = v1(SECRET);
    const cases: Array<[string, string]> = [
      [`v1=${hex}`, `Stripe-Signature "v1=${hex.slice(0, 37)}…" has no "t=" timestamp; ${SHAPE}.`],
      [`t,v1=${hex}`, 'The timestamp in Stripe-Signature "t=" is "", not a number of seconds since 1970 (Unix time).'],
      [
        `t=soon,v1=${hex}`,
        'The timestamp in Stripe-Signature "t=" is "soon", not a number of seconds since 1970 (Unix time).',
      ],
      [`t=${T0}`, `Stripe-Signature "t=${T0}" has no "v1=" signature; ${SHAPE}.`],
      [
        `t=${T0},v0=${hex}`,
        `Stripe-Signature ${JSON.stringify(`t=${T0},v0=${hex}`.slice(0, 40) + '…')} has no "v1=" signature; ${SHAPE}.`,
      ],
      [`t=${T0},v1=abc`, `Stripe-Signature "t=${T0},v1=abc" has no "v1=" signature of 64 hex digits; ${SHAPE}.`],
      [
        `t=${T0},${Array.from({ length: 9 }, () => `v1=${hex}`).join(',')}`,
        'Stripe-Signature ("v1=" items) holds 9 signatures; a sender sends one per signing key (two or three while rotating keys). ' +
          'PushPull checks at most 8 and refuses more, so none was checked.',
      ],
      [
        `t=${T0},v1=${'a'.repeat(16 * 1024)}`,
        `The Stripe-Signature header is ${16 * 1024 + 16} characters long, far more than any signature; it was not parsed.`,
      ],
    ];
    for (const [value, message] of cases) {
      assert.deepEqual(signed(value), {
        status: 'invalid',
        provider: 'stripe',
        reason: { code: 'header-malformed', message },
      });
    }
  });

  it('the header sent twice with different values', () => {
    const verdict = check(
      [
        ['Stripe-Signature', `t=${T0},v1=${v1(SECRET)}`],
        ['Stripe-Signature', `t=${T0},v1=${v1('other')}`],
      ],
      SECRET,
    );
    assert.equal(verdict.provider, 'stripe');
    assert.equal(verdict.reason?.code, 'header-malformed');
  });

  it('an API key given instead of the signing secret', () => {
    for (const key of ['sk_test_51Habcdefg', 'rk_live_xyz12345', 'pk_test_0000']) {
      assert.deepEqual(signed(`t=${T0},v1=${v1(SECRET)}`, key).reason, {
        code: 'wrong-secret',
        message:
          `The secret looks like a Stripe API key (${key.slice(0, 8)}…), not a webhook signing secret. ` +
          'Use the endpoint\'s signing secret, which starts with "whsec_" (Dashboard → Developers → Webhooks, or the one `stripe listen` prints).',
      });
    }
    // Only at the start: anything else is just a wrong secret.
    assert.deepEqual(signed(`t=${T0},v1=${v1(SECRET)}`, 'my_sk_test_1234').reason, {
      code: 'signature-mismatch',
      message: MISMATCH,
    });
  });

  it('an API-key-looking secret pasted with a newline is a pasting mistake, not an API key', () => {
    const key = 'sk_test_used_as_secret';
    assert.equal(signed(`t=${T0},v1=${v1(key)}`, `${key}\n`).reason?.code, 'secret-format');
  });

  it('the "whsec_" prefix left out, or signed without it', () => {
    assert.deepEqual(signed(`t=${T0},v1=${v1(SECRET)}`, SECRET.slice('whsec_'.length)).reason, {
      code: 'secret-format',
      message:
        'The secret was given without its "whsec_" prefix; Stripe signs with the whole string, prefix included. Use "whsec_" followed by what you gave.',
    });
    assert.deepEqual(signed(`t=${T0},v1=${v1(SECRET.slice('whsec_'.length))}`, SECRET).reason, {
      code: 'secret-format',
      message:
        'This request was signed with the secret minus its "whsec_" prefix, unlike Stripe, which signs with the whole string. Give the secret without "whsec_".',
    });
  });

  it('a wrong secret, with what else is wrong added', () => {
    const other = 'whsec_another';
    assert.deepEqual(signed(`t=${T0},v1=${v1(other)}`).reason, { code: 'signature-mismatch', message: MISMATCH });
    const twoT = `Stripe-Signature has 2 "t=" items; like Stripe's libraries, PushPull used the last one (${T0}).`;
    assert.deepEqual(signed(`t=1,t=${T0},v1=${v1(other)}`).reason, {
      code: 'signature-mismatch',
      message: `${MISMATCH} ${twoT}`,
    });
    const stale =
      "Also, the signature's timestamp is about 3 hours old; Stripe accepts at most 300 s. This is a late delivery or a replay of an old request: " +
      "re-sign it with a fresh timestamp (PushPull's replay does), or check this machine's clock.";
    assert.deepEqual(signed(`t=1,t=${T0},v1=${v1(other)}`, SECRET, T0 + 3 * 3600).reason, {
      code: 'signature-mismatch',
      message: `${MISMATCH} ${stale} ${twoT}`,
    });
  });

  it('a wrong secret and an API key name Stripe', () => {
    assert.equal(signed(`t=${T0},v1=${v1('whsec_another')}`).provider, 'stripe');
    assert.equal(signed(`t=${T0},v1=${v1(SECRET)}`, 'sk_test_51Habcdefg').provider, 'stripe');
  });

  it('a stale signature names Stripe', () => {
    assert.deepEqual(signed(`t=${T0},v1=${v1(SECRET)}`, SECRET, T0 + 3 * 3600).reason, {
      code: 'timestamp-too-old',
      message:
        "The signature's timestamp is about 3 hours old; Stripe accepts at most 300 s. This is a late delivery or a replay of an old request: " +
        "re-sign it with a fresh timestamp (PushPull's replay does), or check this machine's clock.",
      skewSeconds: 3 * 3600,
    });
  });
});
