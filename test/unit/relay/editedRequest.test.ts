import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { EditedRequestError, parseRequestDocument, requestDocument } from '../../../src/core/relay/editedRequest';

const HOOK = {
  method: 'POST',
  url: '/github/actions?x=1',
  contentType: 'application/json',
  headers: [
    ['Host', '127.0.0.1:8787'],
    ['Content-Type', 'application/json'],
    ['Content-Length', '31'],
    ['X-Hub-Signature-256', 'sha256=abc'],
  ] as Array<[string, string]>,
};

describe('Edit and Replay documents: the whole request as one editable text', () => {
  it('shows the request line, the headers sent again and the JSON body pretty-printed', () => {
    const body = Buffer.from('{"zen":"Keep it logically awesome.","n":1.10}');
    const shown = requestDocument(HOOK, body);
    assert.ok(shown);
    assert.equal(
      shown.text,
      'POST /github/actions?x=1 HTTP/1.1\nContent-Type: application/json\nX-Hub-Signature-256: sha256=abc\n\n' +
        '{\n  "zen": "Keep it logically awesome.",\n  "n": 1.10\n}',
    );
    const parsed = parseRequestDocument(shown.text);
    assert.equal(parsed.method, 'POST');
    assert.equal(parsed.url, '/github/actions?x=1');
    assert.deepEqual(parsed.headers, [
      ['Content-Type', 'application/json'],
      ['X-Hub-Signature-256', 'sha256=abc'],
    ]);
    assert.equal(Buffer.from(parsed.body).toString(), shown.bodyText);
  });

  it('keeps a body that is not JSON as it came, and refuses a binary one', () => {
    const form = requestDocument({ ...HOOK, contentType: 'application/x-www-form-urlencoded' }, Buffer.from('a=1&b=2'));
    assert.equal(form?.bodyText, 'a=1&b=2');
    assert.equal(requestDocument(HOOK, Buffer.from([0xff, 0xfe, 0x00])), undefined);
  });

  it('reads edits: method, path, headers added or removed, CRLF lines, a body with blank lines of its own', () => {
    const parsed = parseRequestDocument('put /other?y=2\r\nX-New:  value \r\n\r\nline 1\r\n\r\nline 3\r\n');
    assert.equal(parsed.method, 'PUT');
    assert.equal(parsed.url, '/other?y=2');
    assert.deepEqual(parsed.headers, [['X-New', 'value']]);
    assert.equal(Buffer.from(parsed.body).toString(), 'line 1\r\n\r\nline 3\r\n');
    assert.equal(Buffer.from(parseRequestDocument('GET /').body).length, 0);
  });

  it('names the line it cannot read', () => {
    assert.throws(
      () => parseRequestDocument('{"a":1}'),
      (e: EditedRequestError) => e.line === 0,
    );
    assert.throws(
      () => parseRequestDocument('POST / HTTP/1.1\nnot a header\n\n{}'),
      (e: EditedRequestError) => e.line === 1 && /Line 2 is not a header/.test(e.message),
    );
  });

  it('reads back exactly the request it showed, whatever the headers and text body (property)', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/);
    const value = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,20}[\x21-\x7e])?$/);
    fc.assert(
      fc.property(
        fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE'),
        fc.stringMatching(/^\/[A-Za-z0-9/._~%?=&-]{0,30}$/),
        fc.array(fc.tuple(token, value), { maxLength: 6 }),
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        (method, url, headers, text) => {
          const shown = requestDocument({ method, url, headers, contentType: 'text/plain' }, Buffer.from(text));
          assert.ok(shown);
          const parsed = parseRequestDocument(shown.text);
          assert.equal(parsed.method, method);
          assert.equal(parsed.url, url);
          const sentAgain = headers.filter(
            ([n]) =>
              !/^(host|content-length|connection|keep-alive|proxy-connection|transfer-encoding|upgrade|te|trailer)$/i.test(
                n,
              ),
          );
          assert.deepEqual(parsed.headers, sentAgain);
          assert.equal(Buffer.from(parsed.body).toString(), shown.bodyText);
        },
      ),
    );
  });
});
