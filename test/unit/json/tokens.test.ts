import * as assert from 'node:assert/strict';
import { jsonDepth } from '../../../src/core/json/depth';
import { numberEnd, skipSpace, stringEnd } from '../../../src/core/json/tokens';

describe('JSON tokens', () => {
  it('finds the end of a number as RFC 8259 writes it, or -1', () => {
    assert.equal(numberEnd('-0.5e+10,', 0), 8);
    assert.equal(numberEnd('[12345678901234567890]', 1), 21);
    assert.equal(numberEnd('1E400', 0), 5);
    assert.equal(numberEnd('01', 0), 1, 'a leading zero ends the number');
    for (const text of ['-', '1.', '1.e5', '1e', '1e+', '.5', '+1', 'x']) assert.equal(numberEnd(text, 0), -1, text);
  });

  it('finds the end of a string, or -1 for a bad escape, a raw control character or no closing quote', () => {
    assert.equal(stringEnd('"a\\u00e9\\"b"x', 0), 12);
    assert.equal(stringEnd('""', 0), 2);
    for (const text of ['"\\x"', '"\\u12"', '"a\nb"', '"open'])
      assert.equal(stringEnd(text, 0), -1, JSON.stringify(text));
  });

  it('skips only the four whitespace characters of JSON', () => {
    assert.equal(skipSpace(' \t\r\n x', 0), 5);
    assert.equal(skipSpace('\u00a0x', 0), 0);
    assert.equal(skipSpace('\ufeffx', 0), 0);
  });
});

describe('jsonDepth', () => {
  it('counts the deepest nesting and stops counting once past the limit', () => {
    assert.equal(jsonDepth('{"a":[1,{"b":[]}],"c":[]}'), 4);
    assert.equal(jsonDepth('[[[[[[[[', 2), 3);
    assert.equal(jsonDepth('"[[[["'), 0);
    assert.equal(jsonDepth('["\\\\", [[]]]'), 3, 'an escaped backslash does not hide the closing quote');
  });
});
