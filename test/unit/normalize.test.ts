import * as assert from 'node:assert/strict';
import { normalizeJson } from '../../src/core/compare/normalize';
import { jsonDepth, MAX_JSON_DEPTH } from '../../src/core/json/depth';
import { hexSummary, renderBody } from '../../src/core/render/payload';

describe('normalizeJson', () => {
  it('sorts keys at every level and indents by two spaces', () => {
    const result = normalizeJson('{"b":1,"a":{"d":[3,{"z":1,"y":2}],"c":null}}');
    assert.equal(result.kind, 'json');
    assert.equal(
      result.text,
      '{\n  "a": {\n    "c": null,\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}',
    );
  });

  it('keeps numbers a double cannot hold as written, so they never compare equal to others', () => {
    const a = normalizeJson('{"id":12345678901234567890,"big":1e400,"n":-9007199254740993,"s":"12345678901234567890"}');
    assert.deepEqual(a, {
      kind: 'json',
      text: '{\n  "big": 1e400,\n  "id": 12345678901234567890,\n  "n": -9007199254740993,\n  "s": "12345678901234567890"\n}',
    });
    const b = normalizeJson('{"id":12345678901234567891}');
    assert.notEqual(b.text, normalizeJson('{"id":12345678901234567890}').text);
    // Numbers a double holds are still normalised: same value, same text.
    assert.equal(
      normalizeJson('[1.10, 2e0, -0, 9007199254740991]').text,
      '[\n  1.1,\n  2,\n  0,\n  9007199254740991\n]',
    );
    assert.equal(
      normalizeJson('{"a":[1e999,{"b":-1e999}]}').text,
      '{\n  "a": [\n    1e999,\n    {\n      "b": -1e999\n    }\n  ]\n}',
    );
    // Strings that look like the marker stay strings.
    assert.equal(
      normalizeJson('["\\u0000pushpull-number-x:1", 1e400]').text.split('\n')[1],
      '  "\\u0000pushpull-number-x:1",',
    );
  });

  it('does not turn text that is not JSON into JSON, and treats every number past 2^53 as written', () => {
    assert.deepEqual(normalizeJson('{12345678901234567890: 1}'), {
      kind: 'text',
      text: '{12345678901234567890: 1}',
      reason: 'not-json',
    });
    assert.notEqual(
      normalizeJson('{"a": 12345678901234567890.0}').text,
      normalizeJson('{"a": 12345678901234567891.0}').text,
    );
    assert.equal(normalizeJson('{"a":[-1e30,"x\\"",12345678901234567890]}').text.includes('-1e30'), true);
  });

  it('gives the same text for the same data in any key order', () => {
    assert.equal(normalizeJson('{"x":1,"y":[1,2]}').text, normalizeJson('{ "y" : [1,2], "x" : 1 }').text);
  });

  it('keeps __proto__ and constructor keys as plain data and pollutes nothing', () => {
    const result = normalizeJson('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}');
    assert.equal(result.kind, 'json');
    assert.match(result.text, /"__proto__": \{\n {4}"polluted": true/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  });

  it('falls back to the raw text for 100,000 levels of nesting without throwing', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const result = normalizeJson(deep);
    assert.equal(result.kind, 'text');
    assert.equal(result.kind === 'text' && result.reason, 'too-deep');
    assert.equal(result.text, deep);
  });

  it('formats nesting right up to the limit', () => {
    const atLimit = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
    assert.equal(normalizeJson(atLimit).kind, 'json');
  });

  it('counts depth without being fooled by brackets inside strings', () => {
    assert.equal(jsonDepth('{"a":"[[[[\\"[[["}'), 1);
  });

  it('returns invalid JSON unchanged', () => {
    const result = normalizeJson('{"a":');
    assert.deepEqual(result, { kind: 'text', text: '{"a":', reason: 'not-json' });
  });
});

describe('renderBody', () => {
  it('pretty-prints JSON bodies', () => {
    const body = renderBody(Buffer.from('{"b":2,"a":1}'), 'application/json', { sortKeys: true });
    assert.equal(body.language, 'json');
    assert.equal(body.text, '{\n  "a": 1,\n  "b": 2\n}');
  });

  it('summarises binary bodies as size and hex instead of decoding them', () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);
    const body = renderBody(bytes, 'image/jpeg');
    assert.equal(body.binary, true);
    assert.match(body.text, /Binary body, 6 bytes/);
    assert.match(body.text, /ff d8 ff e0 00 10/);
  });

  it('shows HTML as text, never interpreted', () => {
    const body = renderBody(Buffer.from('<script>alert(1)</script>'), 'text/html');
    assert.equal(body.text, '<script>alert(1)</script>');
    assert.equal(body.language, 'plaintext');
  });

  it('limits the hex dump to 256 bytes', () => {
    const lines = hexSummary(new Uint8Array(10_000)).split('\n');
    assert.equal(lines.length, 1 + 16);
  });
});

describe('errorCode', () => {
  it('reads the code of a PushPull error from another bundle, whatever its class was renamed to', async () => {
    const { errorCode, PushPullError } = await import('../../src/core/errors');
    const foreign = Object.assign(new Error('x'), { name: 'se', code: 'INVALID_URL', domain: 'pushpull' });
    assert.equal(errorCode(foreign), 'INVALID_URL');
    assert.equal(errorCode(new PushPullError('PORT_IN_USE', 'busy')), 'PORT_IN_USE');
    assert.equal(errorCode(Object.assign(new Error('y'), { code: 'ECONNREFUSED' })), undefined);
  });
});
