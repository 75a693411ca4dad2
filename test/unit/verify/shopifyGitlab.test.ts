import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as fc from 'fast-check';
import { verifyRequest } from '../../../src/core/verify/registry';
import { signRequest } from '../../../src/core/verify/sign';
import type { ProviderName, Verdict } from '../../../src/core/model/verdict';

type Pairs = Array<[string, string]>;
const clock = { now: () => 1_750_000_000_000 };

function check(provider: ProviderName, headers: Pairs, body: Uint8Array | string, secret: string | undefined): Verdict {
  return verifyRequest(
    provider,
    { method: 'POST', url: 'https://shop.example/hook', headers, body: Buffer.from(body) },
    { secret, clock },
  );
}

/** Shopify's documented check: base64 HMAC-SHA256 of the raw body with the app's client secret. */
const shopifyHmac = (secret: string, body: Uint8Array | string) =>
  createHmac('sha256', secret).update(body).digest('base64');

describe('verify: Shopify', () => {
  it('verifies any bytes signed as Shopify documents; a flipped byte or another secret does not', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        (body, secret, index) => {
          const headers: Pairs = [['X-Shopify-Hmac-Sha256', shopifyHmac(secret, body)]];
          assert.equal(check('shopify', headers, body, secret).status, 'valid');
          const tampered = Buffer.from(body);
          const i = index % tampered.length;
          tampered[i] = (tampered[i] as number) === 0x41 ? 0x42 : 0x41;
          assert.equal(check('shopify', headers, tampered, secret).reason?.code, 'signature-mismatch');
          assert.equal(check('shopify', headers, body, `${secret}x`).reason?.code, 'signature-mismatch');
        },
      ),
    );
  });

  it('re-signs, explains re-serialised JSON, hex instead of base64, and missing headers', () => {
    const body = Buffer.from('{"id":820982911946154508,"email":"jon@example.com"}');
    const [[name, value] = ['', '']] = signRequest('shopify', { secret: 'shpss_abc', body, clock }).headers;
    assert.equal(name, 'X-Shopify-Hmac-Sha256');
    assert.equal(value, shopifyHmac('shpss_abc', body));
    assert.equal(check('shopify', [[name, value]], body, 'shpss_abc').status, 'valid');
    const pretty = check(
      'shopify',
      [[name, value]],
      JSON.stringify({ id: 1, email: 'jon@example.com' }, null, 2),
      'shpss_abc',
    );
    assert.equal(pretty.reason?.code, 'signature-mismatch');
    const small = '{"id":1,"email":"jon@example.com"}';
    const reserialised = check(
      'shopify',
      [[name, shopifyHmac('k', small)]],
      JSON.stringify(JSON.parse(small), null, 4),
      'k',
    );
    assert.equal(reserialised.reason?.code, 'body-mismatch');
    const hex = check('shopify', [[name, createHmac('sha256', 'k').update(body).digest('hex')]], body, 'k');
    assert.equal(hex.reason?.code, 'header-malformed');
    assert.match(hex.reason?.message ?? '', /looks like hex/);
    assert.equal(check('shopify', [], body, 'k').status, 'not-signed');
    assert.equal(check('shopify', [[name, value]], body, undefined).status, 'no-secret');
  });
});

describe('verify: GitLab', () => {
  it('accepts the exact token, and calls any other token a wrong secret whatever the body', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.string({ minLength: 1 }),
        fc.uint8Array(),
        (token, other, body) => {
          fc.pre(token !== other && other.trim() !== token);
          assert.equal(check('gitlab', [['X-Gitlab-Token', token]], body, token).status, 'valid');
          assert.equal(check('gitlab', [['X-Gitlab-Token', token]], body, other).reason?.code, 'wrong-secret');
        },
      ),
    );
  });

  it('spots whitespace around the secret, missing header and missing secret; re-signing sends the token', () => {
    assert.equal(check('gitlab', [['X-Gitlab-Token', 'tok']], '{}', 'tok\n').reason?.code, 'secret-format');
    assert.equal(check('gitlab', [], '{}', 'tok').status, 'not-signed');
    assert.equal(check('gitlab', [['X-Gitlab-Token', 'tok']], '{}', undefined).status, 'no-secret');
    const signed = signRequest('gitlab', { secret: 'tok', body: Buffer.from('{}'), clock });
    assert.deepEqual(signed.headers, [['X-Gitlab-Token', 'tok']]);
  });
});
