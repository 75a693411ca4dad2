import * as assert from 'node:assert/strict';
import { comparableBody } from '../../../src/core/compare/body';
import { MAX_FORMATTED_BYTES, renderBody } from '../../../src/core/render/payload';

describe('comparableBody', () => {
  it('shows what is not JSON exactly as the display does: empty, binary, forms, XML, plain text', () => {
    const cases: Array<[Uint8Array, string | undefined]> = [
      [new Uint8Array(0), 'application/json'],
      [Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'image/jpeg'],
      [Buffer.from([0x61, 0xff]), 'text/plain'],
      [Buffer.from('b=2&a=1%20x'), 'application/x-www-form-urlencoded'],
      [Buffer.from('<b><a>1</a></b>'), 'application/xml'],
      [Buffer.from('<?xml version="1.0"?><r/>'), undefined],
      [Buffer.from('hello {'), 'text/plain'],
    ];
    for (const [bytes, type] of cases) assert.deepEqual(comparableBody(bytes, type), renderBody(bytes, type), type);
  });

  it('puts JSON in its canonical form, top-level scalars included, and leaves other text as it came', () => {
    assert.deepEqual(comparableBody(Buffer.from('{"b":[1.50],"a":1e400}'), 'application/json'), {
      text: '{\n  "a": 1e400,\n  "b": [\n    1.5\n  ]\n}',
      language: 'json',
      binary: false,
    });
    assert.deepEqual(comparableBody(Buffer.from('"x"'), undefined), { text: '"x"', language: 'json', binary: false });
    assert.deepEqual(comparableBody(Buffer.from('{"a":'), undefined), {
      text: '{"a":',
      language: 'plaintext',
      binary: false,
    });
  });

  it('leaves JSON larger than the formatting limit unformatted, as the display does', () => {
    const big = Buffer.from(`{"b":"${'x'.repeat(MAX_FORMATTED_BYTES)}","a":1}`);
    const body = comparableBody(big, 'application/json');
    assert.equal(body.language, 'plaintext');
    assert.equal(body.text, big.toString());
  });
});
