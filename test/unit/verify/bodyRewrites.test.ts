import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { verifyRequest } from '../../../src/core/verify/registry';

// Which rewrite of the body a person is told about when the signature matches the body as it was
// before something between the sender and here changed it.

const clock = { now: () => 1_750_000_000_000 };
const SECRET = 'rewrites-secret';

function explain(signedBody: string, receivedBody: string): string | undefined {
  const signature = createHmac('sha256', SECRET).update(signedBody).digest('hex');
  const verdict = verifyRequest(
    'hmac',
    { method: 'POST', url: 'http://localhost/', headers: [['X-Sig', signature]], body: Buffer.from(receivedBody) },
    { secret: SECRET, clock, hmac: { header: 'X-Sig' } },
  );
  assert.equal(verdict.reason?.code, 'body-mismatch', verdict.reason?.message);
  return /the signature matches this body (.*)\. Something between/.exec(verdict.reason?.message ?? '')?.[1];
}

const VALUE = { name: 'Zoë', tags: ['a/b', '<x> & y'], n: 1 };

describe('verify: the body rewrite a mismatch names', () => {
  const cases: Array<[string, string, string]> = [
    ['x=1', 'x=1 \n', 'without its trailing newline or spaces'],
    ['x=1', 'x=1\t\r\n', 'without its trailing newline or spaces'],
    ['x=1\n', 'x=1', 'with a trailing newline added'],
    ['line one\nline two', 'line one\r\nline two', 'with Windows line endings (CRLF) changed to LF'],
    ['line one\r\nline two', 'line one\nline two', 'with line endings changed to CRLF'],
    ['{"a":1,"b":[1,2]}', '{"a": 1, "b": [1, 2]}', 're-serialised as compact JSON'],
    ['[1,2]', '[ 1, 2 ]', 're-serialised as compact JSON'],
    ['{"a":1}\n', '{"a": 1}', 're-serialised as compact JSON, with a trailing newline'],
    [
      '{"say": "he said \\"hi, there\\": ok", "n": [1, 2]}',
      '{"say":"he said \\"hi, there\\": ok","n":[1,2]}',
      're-serialised as JSON with ", " and ": " separators (Python style)',
    ],
    [JSON.stringify({ a: [1] }, null, 2), '{"a":[1]}', 're-serialised as JSON indented with 2 spaces'],
    [JSON.stringify({ a: [1] }, null, 4), '{"a":[1]}', 're-serialised as JSON indented with 4 spaces'],
    [JSON.stringify({ a: [1] }, null, '\t'), '{"a":[1]}', 're-serialised as JSON indented with tabs'],
    ['{"name":"Zo\\u00eb"}', '{"name":"Zoë"}', 're-serialised as compact JSON, non-ASCII characters escaped as \\u'],
    [
      '{"name":"Zo\\u00eb","path":"a\\/b"}',
      '{"name":"Zoë","path":"a/b"}',
      're-serialised as compact JSON, non-ASCII characters and "/" escaped (PHP style)',
    ],
    [
      '{"path":"a\\/b"}',
      '{"path":"a/b"}',
      're-serialised as compact JSON, non-ASCII characters and "/" escaped (PHP style)',
    ],
    [
      '{"html":"\\u003cb\\u003e \\u0026"}',
      '{"html":"<b> &"}',
      're-serialised as compact JSON, "<", ">" and "&" escaped as \\u',
    ],
    [
      JSON.stringify(VALUE, null, 2).replace(
        /[\u0080-\uffff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      ),
      JSON.stringify(VALUE),
      're-serialised as JSON indented with 2 spaces, non-ASCII characters escaped as \\u',
    ],
    ['a=b+c&d=e', 'a=b%20c&d=e', 're-encoded as a form (spaces as "+")'],
    ['a=b%20c&d=e', 'a=b+c&d=e', 're-encoded as a form (spaces as "%20")'],
  ];
  for (const [signed, received, description] of cases) {
    it(`${JSON.stringify(received)} signed as ${JSON.stringify(signed)}: ${description}`, () => {
      assert.equal(explain(signed, received), description);
    });
  }
});
