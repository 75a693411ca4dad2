import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import Stripe from 'stripe';
import { verifyRequest } from '../../../src/core/verify/registry';
import { signRequest } from '../../../src/core/verify/sign';
import type { Verdict } from '../../../src/core/model/verdict';

const stripe = new Stripe('sk_test_not_used_offline');
const T0 = 1_750_000_000;

function check(
  signature: string | undefined,
  body: string | Uint8Array,
  secret: string | undefined,
  now = T0,
): Verdict {
  const headers: Array<[string, string]> = signature === undefined ? [] : [['Stripe-Signature', signature]];
  return verifyRequest(
    'stripe',
    { method: 'POST', url: 'http://localhost/', headers, body: Buffer.from(body) },
    { secret, clock: { now: () => now * 1000 } },
  );
}

/** What Stripe's own library says: true when verifyHeader accepts. */
function stripeAccepts(body: string, signature: string, secret: string, now: number): boolean {
  try {
    return stripe.webhooks.signature?.verifyHeader(body, signature, secret, 300, undefined, now * 1000) === true;
  } catch {
    return false;
  }
}

const secretArb = fc.string({ minLength: 1, maxLength: 40 }).map((s) => `whsec_${s}`);
const payloadArb = fc.string({ unit: 'binary', minLength: 1, maxLength: 300 });

describe('verify: Stripe', () => {
  it('accepts what generateTestHeaderString signs; a flipped byte or another secret does not verify', () => {
    fc.assert(
      fc.property(payloadArb, secretArb, fc.nat(), (payload, secret, index) => {
        const signature = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: T0 });
        assert.equal(check(signature, payload, secret).status, 'valid');
        const bytes = Buffer.from(payload);
        bytes[index % bytes.length] = ((bytes[index % bytes.length] as number) + 1) % 256 || 0x41;
        if ([0x09, 0x0a, 0x0d, 0x20].includes(bytes[index % bytes.length] as number))
          bytes[index % bytes.length] = 0x41;
        fc.pre(!bytes.equals(Buffer.from(payload)));
        assert.equal(check(signature, bytes, secret).reason?.code, 'signature-mismatch');
        assert.equal(check(signature, payload, `${secret}!`).reason?.code, 'signature-mismatch');
      }),
    );
  });

  it('agrees with Stripe on timestamps: 300 s old at most, future ones accepted, and says by how much', () => {
    fc.assert(
      fc.property(payloadArb, secretArb, fc.integer({ min: -2000, max: 2000 }), (payload, secret, age) => {
        const signature = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: T0 });
        const verdict = check(signature, payload, secret, T0 + age);
        assert.equal(verdict.status === 'valid', stripeAccepts(payload, signature, secret, T0 + age));
        if (verdict.status !== 'valid') {
          assert.equal(verdict.reason?.code, 'timestamp-too-old');
          assert.equal(verdict.reason?.skewSeconds, age);
          assert.ok(age > 300);
        }
      }),
    );
  });

  it('re-signed headers pass constructEvent now and at the clock given', () => {
    const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'payment_intent.succeeded' });
    const secret = 'whsec_replayReplayReplay';
    const now = Date.now();
    const [[name, value] = ['', '']] = signRequest('stripe', {
      secret,
      body: Buffer.from(body),
      clock: { now: () => now },
    }).headers;
    assert.equal(name, 'Stripe-Signature');
    assert.equal(stripe.webhooks.constructEvent(body, value, secret).id, 'evt_1');
    const old = signRequest('stripe', { secret, body: Buffer.from(body), clock: { now: () => T0 * 1000 } })
      .headers[0]?.[1];
    assert.equal(stripe.webhooks.constructEvent(body, old ?? '', secret, 300, undefined, T0 * 1000).id, 'evt_1');
    assert.throws(() => stripe.webhooks.constructEvent(body, old ?? '', secret), /tolerance/);
  });

  it('accepts any matching v1 of several (secret rotation)', () => {
    const good = stripe.webhooks.generateTestHeaderString({ payload: '{}', secret: 'whsec_new', timestamp: T0 });
    const v1 = good.split(',')[1];
    assert.equal(check(`t=${T0},v1=${'0'.repeat(64)},${v1},v0=abc`, '{}', 'whsec_new').status, 'valid');
  });

  it('of two "t=" items uses the last, as Stripe\'s parseHeader does, in either order', () => {
    fc.assert(
      fc.property(
        payloadArb,
        secretArb,
        fc.integer({ min: -200, max: 200 }),
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.boolean(),
        (payload, secret, age, otherAge, otherFirst) => {
          const signed = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: T0 - age });
          const other = `t=${T0 - otherAge}`;
          const header = otherFirst ? `${other},${signed}` : `${signed},${other}`;
          const verdict = check(header, payload, secret);
          assert.equal(verdict.status === 'valid', stripeAccepts(payload, header, secret, T0), header);
          if (verdict.status === 'valid') assert.match(verdict.note ?? '', /2 "t=" items.*the last one/);
        },
      ),
    );
    // The reviewer's case: a stale t before a freshly signed one is valid; after it, it is not.
    const fresh = stripe.webhooks.generateTestHeaderString({ payload: '{}', secret: 'whsec_x', timestamp: T0 - 10 });
    assert.equal(check(`t=${T0 - 86_400},${fresh}`, '{}', 'whsec_x').status, 'valid');
    const last = check(`${fresh},t=${T0 - 86_400}`, '{}', 'whsec_x');
    assert.equal(last.status, 'invalid');
    assert.match(last.reason?.message ?? '', /used the last one/);
  });

  it('refuses a header with more than 8 "v1=" signatures, naming the count', () => {
    const good = stripe.webhooks.generateTestHeaderString({ payload: '{}', secret: 'whsec_x', timestamp: T0 });
    const junk = Array.from({ length: 7 }, (_, i) => `v1=${String(i).repeat(64)}`).join(',');
    assert.equal(check(`${good},${junk}`, '{}', 'whsec_x').status, 'valid');
    // Stripe's library would find the good one among 9; PushPull refuses, and says why.
    const nine = `${good},${junk},v1=${'a'.repeat(64)}`;
    assert.equal(stripeAccepts('{}', nine, 'whsec_x', T0), true);
    const verdict = check(nine, '{}', 'whsec_x');
    assert.equal(verdict.reason?.code, 'header-malformed');
    assert.match(verdict.reason?.message ?? '', /holds 9 signatures.*at most 8/);
  });

  it('explains secret mix-ups: no whsec_ prefix, an API key, whitespace', () => {
    const signature = stripe.webhooks.generateTestHeaderString({
      payload: '{}',
      secret: 'whsec_abc123',
      timestamp: T0,
    });
    const bare = check(signature, '{}', 'abc123');
    assert.equal(bare.reason?.code, 'secret-format');
    assert.match(bare.reason?.message ?? '', /without its "whsec_" prefix/);
    assert.equal(stripeAccepts('{}', signature, 'abc123', T0), false);
    const apiKey = check(signature, '{}', 'sk_test_51Habc');
    assert.equal(apiKey.reason?.code, 'wrong-secret');
    assert.match(apiKey.reason?.message ?? '', /API key/);
    assert.equal(check(signature, '{}', ' whsec_abc123\n').reason?.code, 'secret-format');
  });

  it('says when the body was re-serialised, and adds a stale timestamp to a mismatch', () => {
    const sent = '{\n  "id": "evt_1",\n  "object": "event"\n}';
    const signature = stripe.webhooks.generateTestHeaderString({ payload: sent, secret: 'whsec_x', timestamp: T0 });
    const verdict = check(signature, JSON.stringify(JSON.parse(sent)), 'whsec_x');
    assert.equal(verdict.reason?.code, 'body-mismatch');
    assert.match(verdict.reason?.message ?? '', /indented with 2 spaces/);
    const both = check(signature, '{"id":"evt_2"}', 'whsec_x', T0 + 900);
    assert.equal(both.reason?.code, 'signature-mismatch');
    assert.match(both.reason?.message ?? '', /Also, the signature's timestamp is 900 s \(about 15 minutes\) old/);
  });

  it('reports missing and malformed headers without throwing', () => {
    assert.equal(check(undefined, '{}', 'whsec_x').status, 'not-signed');
    assert.equal(check('t=1,v1=00', '{}', undefined).status, 'no-secret');
    for (const header of [
      '',
      'v1=' + '0'.repeat(64),
      `t=${T0}`,
      `t=abc,v1=${'0'.repeat(64)}`,
      `t=${T0},v1=zz`,
      `t=${T0}, v1=${'0'.repeat(64)}`,
      `t=${T0},v1=${'0'.repeat(1_000_000)}`,
    ]) {
      const verdict = check(header, '{}', 'whsec_x');
      assert.equal(verdict.status, 'invalid', header.slice(0, 40));
      assert.equal(verdict.reason?.code, 'header-malformed', header.slice(0, 40));
    }
  });
});
