import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as fc from 'fast-check';
import { verifyRequest } from '../../../src/core/verify/registry';
import { SignError, signRequest } from '../../../src/core/verify/sign';
import type { HmacOptions } from '../../../src/core/verify/types';
import type { Verdict } from '../../../src/core/model/verdict';

const clock = { now: () => 1_750_000_000_000 };

function check(
  options: HmacOptions | undefined,
  value: string | undefined,
  body: Uint8Array | string,
  secret: string | undefined,
): Verdict {
  const headers: Array<[string, string]> = value === undefined ? [] : [[options?.header ?? 'X-Signature', value]];
  return verifyRequest(
    'hmac',
    { method: 'POST', url: 'http://localhost/', headers, body: Buffer.from(body) },
    { secret, clock, hmac: options },
  );
}

const optionsArb = fc.record({
  algorithm: fc.constantFrom('sha1', 'sha256', 'sha384', 'sha512'),
  header: fc.constantFrom('X-Signature', 'X-Webhook-Signature', 'x-hub-sig'),
  encoding: fc.constantFrom('hex' as const, 'base64' as const),
  prefix: fc.constantFrom('', 'sha256=', 'v1,'),
});

describe('verify: generic HMAC', () => {
  it('verifies what sign.ts produces for any settings, bytes and secret; a flipped byte does not', () => {
    fc.assert(
      fc.property(
        optionsArb,
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.string({ minLength: 1 }),
        fc.nat(),
        (options, body, secret, index) => {
          const [[name, value] = ['', '']] = signRequest('hmac', { secret, body, clock, hmac: options }).headers;
          assert.equal(name, options.header);
          const digest = createHmac(options.algorithm, secret).update(body).digest(options.encoding);
          assert.equal(value, `${options.prefix}${digest}`);
          assert.equal(check(options, value, body, secret).status, 'valid');
          const tampered = Buffer.from(body);
          const i = index % tampered.length;
          tampered[i] = (tampered[i] as number) === 0x41 ? 0x42 : 0x41;
          assert.equal(check(options, value, tampered, secret).reason?.code, 'signature-mismatch');
        },
      ),
    );
  });

  it('says when another algorithm or encoding would match (settings, not secret)', () => {
    const body = 'payload';
    const sha1Hex = createHmac('sha1', 'k').update(body).digest('hex');
    const algorithm = check({ header: 'X-Signature', algorithm: 'sha256' }, sha1Hex, body, 'k');
    assert.equal(algorithm.reason?.code, 'config-mismatch');
    assert.match(algorithm.reason?.message ?? '', /set the algorithm to sha1/);
    // 64 hex digits are also valid base64: decoded as configured they do not match, as hex they do.
    const sha256Hex = createHmac('sha256', 'k').update(body).digest('hex');
    const encoding = check({ header: 'X-Signature', encoding: 'base64' }, sha256Hex, body, 'k');
    assert.equal(encoding.reason?.code, 'config-mismatch');
    assert.match(encoding.reason?.message ?? '', /set the encoding to hex/);
  });

  it('reports bad settings, a missing prefix, a missing header and a missing secret', () => {
    const digest = createHmac('sha256', 'k').update('x').digest('hex');
    assert.equal(check(undefined, digest, 'x', 'k').reason?.code, 'config-invalid');
    assert.equal(check({ header: 'X-Signature', algorithm: 'nope' }, digest, 'x', 'k').reason?.code, 'config-invalid');
    const prefix = check({ header: 'X-Signature', prefix: 'sha256=' }, digest, 'x', 'k');
    assert.equal(prefix.reason?.code, 'header-malformed');
    assert.equal(check({ header: 'X-Signature' }, undefined, 'x', 'k').status, 'not-signed');
    assert.equal(check({ header: 'X-Signature' }, digest, 'x', undefined).status, 'no-secret');
    assert.equal(check({ header: 'X-Signature' }, digest.toUpperCase(), 'x', 'k').status, 'valid');
    assert.throws(
      () => signRequest('hmac', { secret: 'k', body: Buffer.from('x'), clock }),
      (e: unknown) => e instanceof SignError && e.code === 'SIGN_CONFIG_INVALID',
    );
  });
});
