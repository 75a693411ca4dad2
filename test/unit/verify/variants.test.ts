import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as fc from 'fast-check';
import { verifyRequest } from '../../../src/core/verify/registry';
import { bodyVariants, MAX_VARIANT_BODY } from '../../../src/core/verify/variants';

const clock = { now: () => 0 };

function github(signedBody: string, deliveredBody: string) {
  const signature = `sha256=${createHmac('sha256', 'k').update(signedBody).digest('hex')}`;
  return verifyRequest(
    'github',
    {
      method: 'POST',
      url: 'http://localhost/',
      headers: [['X-Hub-Signature-256', signature]],
      body: Buffer.from(deliveredBody),
    },
    { secret: 'k', clock },
  );
}

const layouts: Array<(v: unknown) => string> = [
  (v) => JSON.stringify(v),
  (v) => JSON.stringify(v, null, 2),
  (v) => JSON.stringify(v, null, 4),
  (v) => `${JSON.stringify(v, null, '\t')}\n`,
];

describe('verify: re-serialised bodies', () => {
  it('recognises JSON signed in one layout and delivered in another as re-serialised', () => {
    const objectArb = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
      minKeys: 1,
      maxKeys: 6,
    });
    fc.assert(
      fc.property(objectArb, fc.nat(layouts.length - 1), fc.nat(layouts.length - 1), (value, signedIn, deliveredIn) => {
        // -0 and similar do not survive a JSON round trip; compare what a sender would really have sent.
        const canonical: unknown = JSON.parse(JSON.stringify(value));
        const signed = (layouts[signedIn] as (v: unknown) => string)(canonical);
        const delivered = (layouts[deliveredIn] as (v: unknown) => string)(canonical);
        const verdict = github(signed, delivered);
        if (signed === delivered) assert.equal(verdict.status, 'valid');
        else {
          assert.equal(verdict.reason?.code, 'body-mismatch');
          assert.match(verdict.reason?.message ?? '', /it looks re-serialised/);
        }
      }),
    );
  });

  it('recognises changed line endings, and tells a real edit from a reformat', () => {
    assert.equal(github('a\r\nb\r\n', 'a\nb\n').reason?.code, 'body-mismatch');
    assert.equal(github('a\nb', 'a\r\nb').reason?.code, 'body-mismatch');
    assert.equal(github('{"a":1}', '{"a":2}').reason?.code, 'signature-mismatch');
  });

  it('makes no guesses for empty or very large bodies, and never repeats the body itself', () => {
    assert.equal([...bodyVariants(new Uint8Array())].length, 0);
    assert.equal([...bodyVariants(Buffer.alloc(MAX_VARIANT_BODY + 1, 0x7b))].length, 0);
    const body = Buffer.from('{"a": [1, 2]}\n');
    const variants = [...bodyVariants(body)];
    assert.ok(variants.length > 5);
    assert.ok(variants.every((v) => !v.bytes.equals(body)));
    assert.equal(new Set(variants.map((v) => v.bytes.toString('latin1'))).size, variants.length);
  });
});
