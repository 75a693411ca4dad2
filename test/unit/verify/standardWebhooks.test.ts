import * as assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign as edSign, verify as edVerify } from 'node:crypto';
import * as fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { systemClock } from '../../../src/core/clock';
import { verifyRequest } from '../../../src/core/verify/registry';
import { SignError, signRequest } from '../../../src/core/verify/sign';
import type { Verdict } from '../../../src/core/model/verdict';

const T0 = 1_614_265_330;
type Pairs = Array<[string, string]>;

function check(headers: Pairs, body: Uint8Array | string, secret: string | undefined, now = T0): Verdict {
  return verifyRequest(
    'standard-webhooks',
    { method: 'POST', url: 'http://localhost/', headers, body: Buffer.from(body) },
    { secret, clock: { now: () => now * 1000 } },
  );
}

const swHeaders = (id: string, ts: number, signature: string, style = 'webhook'): Pairs => [
  [`${style}-id`, id],
  [`${style}-timestamp`, String(ts)],
  [`${style}-signature`, signature],
];

const secretArb = fc
  .uint8Array({ minLength: 1, maxLength: 64 })
  .map((k) => `whsec_${Buffer.from(k).toString('base64')}`);
const idArb = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/[\r\n]/.test(s));

function ed25519Keys() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
  return { publicKey, privateKey, whpk: `whpk_${pub.toString('base64')}`, seed, pub };
}

describe('verify: Standard Webhooks and Svix', () => {
  it('accepts what the standardwebhooks library signs; flipped byte, other secret, stale timestamp do not', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
        secretArb,
        idArb,
        fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
        fc.nat(),
        (payload, secret, id, ts, index) => {
          const signature = new Webhook(secret).sign(id, new Date(ts * 1000), payload);
          const headers = swHeaders(id, ts, signature);
          assert.equal(check(headers, payload, secret, ts).status, 'valid');
          const bytes = Buffer.from(payload);
          const i = index % bytes.length;
          bytes[i] = (bytes[i] as number) === 0x41 ? 0x42 : 0x41;
          fc.pre(!bytes.equals(Buffer.from(payload)));
          assert.equal(check(headers, bytes, secret, ts).reason?.code, 'signature-mismatch');
          const other = `whsec_${Buffer.from(`${secret}!`).toString('base64')}`;
          assert.equal(check(headers, payload, other, ts).reason?.code, 'signature-mismatch');
          const stale = check(headers, payload, secret, ts + 301);
          assert.deepEqual([stale.reason?.code, stale.reason?.skewSeconds], ['timestamp-too-old', 301]);
          const early = check(headers, payload, secret, ts - 301);
          assert.deepEqual([early.reason?.code, early.reason?.skewSeconds], ['timestamp-in-future', -301]);
        },
      ),
    );
  });

  it('agrees with the library on the five-minute window either way', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    fc.assert(
      fc.property(fc.integer({ min: -900, max: 900 }), (age) => {
        fc.pre(Math.abs(Math.abs(age) - 300) > 2);
        const ts = Math.floor(Date.now() / 1000) - age;
        const headers = swHeaders('msg_1', ts, new Webhook(secret).sign('msg_1', new Date(ts * 1000), '{}'));
        let libraryAccepts = true;
        try {
          new Webhook(secret).verify('{}', Object.fromEntries(headers));
        } catch {
          libraryAccepts = false;
        }
        const ours = verifyRequest(
          'standard-webhooks',
          { method: 'POST', url: 'http://localhost/', headers, body: Buffer.from('{}') },
          { secret, clock: systemClock },
        );
        assert.equal(ours.status === 'valid', libraryAccepts);
      }),
    );
  });

  it('signs the raw bytes, also bodies that are not UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), secretArb, (body, secret) => {
        const key = Buffer.from(secret.slice(6), 'base64');
        const mac = createHmac('sha256', key).update(`msg.${T0}.`).update(body).digest('base64');
        assert.equal(check(swHeaders('msg', T0, `v1,${mac}`), body, secret).status, 'valid');
      }),
    );
  });

  it('reads svix-* headers like the svix library, and its signatures verify', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const signature = new SvixWebhook(secret).sign('msg_svix', new Date(T0 * 1000), '{"a":1}');
    const headers = swHeaders('msg_svix', T0, signature, 'svix');
    assert.equal(check(headers, '{"a":1}', secret).status, 'valid');
    // svix-* wins over webhook-* when both are present, as in the svix library.
    const mixed: Pairs = [...swHeaders('other', T0, 'v1,AAAA'), ...headers];
    assert.equal(check(mixed, '{"a":1}', secret).status, 'valid');
  });

  it('accepts one matching v1 among several, and ignores unknown versions', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const good = new Webhook(secret).sign('m', new Date(T0 * 1000), 'x');
    const many = `v2,abc v1,${Buffer.alloc(32).toString('base64')} ${good}`;
    assert.equal(check(swHeaders('m', T0, many), 'x', secret).status, 'valid');
  });

  it('verifies v1a ed25519 signatures with the public key (whpk_) or the secret key (whsk_)', () => {
    const keys = ed25519Keys();
    const body = Buffer.from('{"type":"invoice.paid"}');
    const v1a = edSign(null, Buffer.concat([Buffer.from(`msg_ed.${T0}.`), body]), keys.privateKey).toString('base64');
    const headers = swHeaders('msg_ed', T0, `v1,${Buffer.alloc(32).toString('base64')} v1a,${v1a}`);
    assert.equal(check(headers, body, keys.whpk).status, 'valid');
    assert.equal(check(headers, body, `whsk_${keys.seed.toString('base64')}`).status, 'valid');
    const seedAndPublic = `whsk_${Buffer.concat([keys.seed, keys.pub]).toString('base64')}`;
    assert.equal(check(headers, body, seedAndPublic).status, 'valid');
    assert.equal(check(headers, Buffer.from('{"type":"invoice.void"}'), keys.whpk).reason?.code, 'signature-mismatch');
    assert.equal(check(headers, body, ed25519Keys().whpk).reason?.code, 'signature-mismatch');
    // Only v1a and a whsec_ secret, or only v1 and an ed25519 key: the wrong kind of key.
    const onlyV1a = swHeaders('msg_ed', T0, `v1a,${v1a}`);
    assert.equal(check(onlyV1a, body, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').reason?.code, 'secret-format');
    const onlyV1 = swHeaders('msg_ed', T0, `v1,${Buffer.alloc(32).toString('base64')}`);
    assert.equal(check(onlyV1, body, keys.whpk).reason?.code, 'secret-format');
  });

  it('re-signs with ed25519 from a whsk_ key, and refuses to with only a public key', () => {
    const keys = ed25519Keys();
    const body = Buffer.from('{"replayed":true}');
    const result = signRequest('standard-webhooks', {
      secret: `whsk_${keys.seed.toString('base64')}`,
      body,
      clock: { now: () => T0 * 1000 },
      messageId: 'msg_keep',
    });
    const headers = result.headers.map(([n, v]) => [n, v] as [string, string]);
    const signature = headers.find(([n]) => n === 'webhook-signature')?.[1] ?? '';
    assert.match(signature, /^v1a,/);
    const content = Buffer.concat([Buffer.from(`msg_keep.${T0}.`), body]);
    assert.equal(edVerify(null, content, keys.publicKey, Buffer.from(signature.slice(4), 'base64')), true);
    assert.equal(check(headers, body, keys.whpk).status, 'valid');
    assert.throws(
      () => signRequest('standard-webhooks', { secret: keys.whpk, body, clock: systemClock }),
      (e: unknown) => e instanceof SignError && e.code === 'SIGN_SECRET_FORMAT',
    );
  });

  it('explains secret mix-ups: not base64, signed with the whole string as text, whitespace', () => {
    const headers = swHeaders('m', T0, 'v1,' + Buffer.alloc(32).toString('base64'));
    const notBase64 = check(headers, 'x', 'whsec_this is not base64!');
    assert.equal(notBase64.reason?.code, 'secret-format');
    assert.match(notBase64.reason?.message ?? '', /must be base64/);
    // A sender that keys its HMAC with the secret string itself (as Stripe does).
    const textKey = createHmac('sha256', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').update(`m.${T0}.x`).digest('base64');
    const stripeStyle = check(swHeaders('m', T0, `v1,${textKey}`), 'x', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    assert.equal(stripeStyle.reason?.code, 'secret-format');
    assert.match(stripeStyle.reason?.message ?? '', /whole secret as text/);
    const good = new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').sign('m', new Date(T0 * 1000), 'x');
    assert.equal(
      check(swHeaders('m', T0, good), 'x', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n').reason?.code,
      'secret-format',
    );
  });

  it('re-signed replays verify with both libraries, keeping the svix-* or webhook-* names', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"edited":"before replay"}';
    for (const style of ['webhook', 'svix']) {
      const original = swHeaders('msg_orig', T0, 'v1,old', style);
      const { headers } = signRequest('standard-webhooks', {
        secret,
        body: Buffer.from(body),
        clock: systemClock,
        headers: original,
      });
      const record = Object.fromEntries(headers);
      assert.deepEqual(Object.keys(record).sort(), [`${style}-id`, `${style}-signature`, `${style}-timestamp`]);
      assert.notEqual(record[`${style}-id`], 'msg_orig');
      assert.deepEqual(new SvixWebhook(secret).verify(body, record), { edited: 'before replay' });
      if (style === 'webhook') assert.deepEqual(new Webhook(secret).verify(body, record), { edited: 'before replay' });
    }
  });

  it('reports missing and malformed headers', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const good = new Webhook(secret).sign('m', new Date(T0 * 1000), 'x');
    assert.equal(check([], 'x', secret).status, 'not-signed');
    assert.equal(check(swHeaders('m', T0, good), 'x', undefined).status, 'no-secret');
    assert.equal(check(swHeaders('m', T0, good).slice(1), 'x', secret).reason?.code, 'header-missing');
    assert.equal(
      check([swHeaders('m', T0, good)[0] as [string, string], ['webhook-signature', good]], 'x', secret).reason?.code,
      'header-missing',
    );
    assert.equal(
      check(
        [
          ['webhook-id', 'm'],
          ['webhook-timestamp', 'yesterday'],
          ['webhook-signature', good],
        ],
        'x',
        secret,
      ).reason?.code,
      'header-malformed',
    );
    assert.equal(check(swHeaders('m', T0, 'v1 no comma'), 'x', secret).reason?.code, 'header-malformed');
    assert.equal(check(swHeaders('m', T0, 'v1,'.repeat(10_000)), 'x', secret).reason?.code, 'header-malformed');
  });
});
