import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { canonicalJson } from '../../../src/core/json/canonical';
import { jsonDepth, MAX_JSON_DEPTH } from '../../../src/core/json/depth';

describe('canonicalJson', () => {
  it('sorts keys at every level and indents by two spaces', () => {
    const result = canonicalJson('{"b":1,"a":{"d":[3,{"z":1,"y":2}],"c":null}}');
    assert.equal(result.kind, 'json');
    assert.equal(
      result.text,
      '{\n  "a": {\n    "c": null,\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}',
    );
  });

  it('keeps numbers a double cannot hold as written, so they never compare equal to others', () => {
    const a = canonicalJson('{"id":12345678901234567890,"big":1e400,"n":-9007199254740993,"s":"12345678901234567890"}');
    assert.deepEqual(a, {
      kind: 'json',
      text: '{\n  "big": 1e400,\n  "id": 12345678901234567890,\n  "n": -9007199254740993,\n  "s": "12345678901234567890"\n}',
    });
    const b = canonicalJson('{"id":12345678901234567891}');
    assert.notEqual(b.text, canonicalJson('{"id":12345678901234567890}').text);
    // Numbers a double holds are still normalised: same value, same text.
    assert.equal(
      canonicalJson('[1.10, 2e0, -0, 9007199254740991]').text,
      '[\n  1.1,\n  2,\n  0,\n  9007199254740991\n]',
    );
    assert.equal(
      canonicalJson('{"a":[1e999,{"b":-1e999}]}').text,
      '{\n  "a": [\n    1e999,\n    {\n      "b": -1e999\n    }\n  ]\n}',
    );
    // Strings that look like the marker stay strings.
    assert.equal(
      canonicalJson('["\\u0000pushpull-number-x:1", 1e400]').text.split('\n')[1],
      '  "\\u0000pushpull-number-x:1",',
    );
  });

  it('does not turn text that is not JSON into JSON, and treats every number past 2^53 as written', () => {
    assert.deepEqual(canonicalJson('{12345678901234567890: 1}'), {
      kind: 'text',
      text: '{12345678901234567890: 1}',
      reason: 'not-json',
    });
    assert.notEqual(
      canonicalJson('{"a": 12345678901234567890.0}').text,
      canonicalJson('{"a": 12345678901234567891.0}').text,
    );
    assert.equal(canonicalJson('{"a":[-1e30,"x\\"",12345678901234567890]}').text.includes('-1e30'), true);
  });

  it('gives the same text for the same data in any key order', () => {
    assert.equal(canonicalJson('{"x":1,"y":[1,2]}').text, canonicalJson('{ "y" : [1,2], "x" : 1 }').text);
  });

  it('keeps __proto__ and constructor keys as plain data and pollutes nothing', () => {
    const result = canonicalJson('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}');
    assert.equal(result.kind, 'json');
    assert.match(result.text, /"__proto__": \{\n {4}"polluted": true/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  });

  it('falls back to the raw text for 100,000 levels of nesting without throwing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const result = canonicalJson(deep);
    assert.equal(result.kind, 'text');
    assert.equal(result.kind === 'text' && result.reason, 'too-deep');
    assert.equal(result.text, deep);
  });

  it('formats nesting right up to the limit', () => {
    const atLimit = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    assert.equal(canonicalJson(atLimit).kind, 'json');
  });

  it('counts depth without being fooled by brackets inside strings', () => {
    assert.equal(jsonDepth('{"a":"[[[[\\"[[["}'), 1);
  });

  it('returns invalid JSON unchanged', () => {
    const result = canonicalJson('{"a":');
    assert.deepEqual(result, { kind: 'text', text: '{"a":', reason: 'not-json' });
  });
});

describe('canonicalJson: exact numbers, key order, duplicates and depth', () => {
  it('keeps 12345678901234567890 and 1.0e400 exactly as written, in any layout', () => {
    const expected = '{\n  "big": 1.0e400,\n  "id": 12345678901234567890,\n  "list": [\n    -1.0e400,\n    1.5\n  ]\n}';
    assert.deepEqual(canonicalJson('{"id":12345678901234567890,"big":1.0e400,"list":[-1.0e400,1.50]}'), {
      kind: 'json',
      text: expected,
    });
    assert.equal(
      canonicalJson(' {\n "list" : [ -1.0e400 , 1.5 ],\t"big":1.0e400 , "id":12345678901234567890 } ').text,
      expected,
    );
    // Written otherwise, an exact number is another number: the comparison shows the difference.
    assert.notEqual(canonicalJson('[1e400]').text, canonicalJson('[1.0e400]').text);
    assert.notEqual(canonicalJson('[12345678901234567890]').text, canonicalJson('[12345678901234567890.0]').text);
    // 2^53 + 1 is past what a double holds exactly; 2^53 - 1 is not.
    assert.equal(
      canonicalJson('[9007199254740993, 9007199254740991.0]').text,
      '[\n  9007199254740993,\n  9007199254740991\n]',
    );
  });

  it('sorts keys by UTF-16 code units: digits before capitals before small letters, numeric keys as text', () => {
    const result = canonicalJson('{"b":1,"é":2,"10":3,"B":4,"2":5,"a":{"z":[],"":{}}}');
    assert.equal(
      result.text,
      '{\n  "10": 3,\n  "2": 5,\n  "B": 4,\n  "a": {\n    "": {},\n    "z": []\n  },\n  "b": 1,\n  "é": 2\n}',
    );
  });

  it('keeps the last value of a key given twice, as JSON.parse does, also beside an exact number', () => {
    assert.equal(canonicalJson('{"a":1,"a":2}').text, '{\n  "a": 2\n}');
    assert.equal(canonicalJson('{"a":{"x":1},"a":{"y":1}}').text, '{\n  "a": {\n    "y": 1\n  }\n}');
    assert.equal(canonicalJson('{"n":1e400,"a":[],"a":{}}').text, '{\n  "a": {},\n  "n": 1e400\n}');
    assert.equal(canonicalJson('{"n":1e400,"n":2e400}').text, '{\n  "n": 2e400\n}');
  });

  it('reads only JSON, also where a number needs keeping exactly', () => {
    for (const text of [
      '[1e400,]',
      '[1e400',
      '[1e400] x',
      "[1e400,'a']",
      '[1e400,01]',
      '[1e400,"\u0001"]',
      '\u00a0[1e400]',
    ]) {
      assert.deepEqual(canonicalJson(text), { kind: 'text', text, reason: 'not-json' }, JSON.stringify(text));
    }
  });

  it('gives one text for the same data whatever its key order and layout', () => {
    const shuffled = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(shuffled);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(
        Object.entries(value)
          .reverse()
          .map(([key, inner]) => [key, shuffled(inner)]),
      );
    };
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(JSON.stringify(value)).text;
        assert.equal(canonicalJson(JSON.stringify(shuffled(value), null, 3)).text, text);
        assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('formats exact numbers right up to the depth limit and stops one level past it', () => {
    const nested = (depth: number): string => '['.repeat(depth) + '1e400' + ']'.repeat(depth);
    const atLimit = canonicalJson(nested(MAX_JSON_DEPTH));
    assert.equal(atLimit.kind, 'json');
    assert.match(atLimit.text, /^ {1024}1e400$/m);
    assert.deepEqual(canonicalJson(nested(MAX_JSON_DEPTH + 1)), {
      kind: 'text',
      text: nested(MAX_JSON_DEPTH + 1),
      reason: 'too-deep',
    });
  });
});
