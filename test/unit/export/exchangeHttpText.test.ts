import * as assert from 'node:assert/strict';
import { exchangeToHttp } from '../../../src/core/export/exchangeHttp';
import { MASKED } from '../../../src/core/export/exchangeShared';
import type { OutgoingRequest } from '../../../src/core/model/pulled';
import { pulledExchange } from './exchangeFixture';

const SENT = '# Sent 2026-12-07T17:00:00.000Z, answered 200 OK (20261207-000001)';

/** The `.http` text of a POST with this body and these headers. */
function posted(body: string, headers: OutgoingRequest['headers'] = []): string {
  return exchangeToHttp(
    pulledExchange({ method: 'POST', url: 'http://h/x', headers, body: { kind: 'bytes', bytes: Buffer.from(body) } }),
  );
}

/** Whether the body went into the `.http` text as it is. */
function pasted(body: string, headers: OutgoingRequest['headers'] = []): boolean {
  const text = posted(body, headers);
  if (text.endsWith(`\n\n${body}\n`)) return true;
  assert.match(text, /# The body \(\d+ bytes\) is not pasted here because /);
  return false;
}

describe('Exchange → .http text', () => {
  it('names the request when its name is one word, and writes a status without a reason phrase', () => {
    const named = { ...pulledExchange({}, { status: 204, statusText: '' }), name: 'get-orders_2' };
    assert.equal(
      exchangeToHttp(named),
      [
        '# Sent 2026-12-07T17:00:00.000Z, answered 204 (20261207-000001)',
        '# @name get-orders_2',
        'GET http://127.0.0.1:9/x HTTP/1.1',
        '',
      ].join('\n'),
    );
    const spaced = { ...pulledExchange(), name: 'my orders' };
    assert.equal(exchangeToHttp(spaced), `${SENT}\nGET http://127.0.0.1:9/x HTTP/1.1\n`);
  });

  it('percent-encodes white space and template braces in the URL, and says when the URL is masked', () => {
    const text = exchangeToHttp(pulledExchange({ url: `http://h/{{a}}/b c\td?k=${MASKED}` }));
    assert.equal(
      text,
      [
        SENT,
        '# Note: "{" and "}" in the URL are percent-encoded: .http tools read two "{" in a row as a template.',
        '# The URL holds a value the history keeps masked (•••): put it back first.',
        `GET http://h/%7B%7Ba%7D%7D/b%20c%09d?k=${MASKED} HTTP/1.1`,
        '',
      ].join('\n'),
    );
  });

  it('names masked headers once each and notes what a .http tool would change in a header', () => {
    const text = exchangeToHttp(
      pulledExchange({
        headers: [
          ['Authorization', MASKED],
          ['X-Key', `k-${MASKED}`],
          ['x-key', MASKED],
          ['X-List', 'a,'],
        ],
      }),
    );
    assert.equal(
      text,
      [
        SENT,
        '# Left out Authorization, X-Key: the history keeps their values masked.',
        '# Note: httpYac drops the comma at the end of the X-List header.',
        'GET http://127.0.0.1:9/x HTTP/1.1',
        'X-List: a,',
        '',
      ].join('\n'),
    );
  });

  it('writes nothing for an empty body', () => {
    assert.equal(posted(''), `${SENT}\nPOST http://h/x HTTP/1.1\n`);
  });

  it('pastes a multi-line JSON body only when no line could be read as .http syntax', () => {
    assert.ok(pasted('{\n  "url": "http://a/#b",\n  "n": "<i>"\n}'));
    assert.ok(pasted('{"a":\n"#x"\n}'));
    assert.ok(pasted('[\n-1,\n=2\n]'));
    for (const body of [
      'x{\n}',
      '{\n}x',
      '{\n"a": "{{b}}"\n}',
      '{\r\n}',
      '{\n"a": "\u0001"\n}',
      '{\n  # not a comment\n}',
      '{\n// not a comment\n}',
      '[\n---\n]',
      '[\n===\n]',
    ]) {
      assert.equal(pasted(body), false, JSON.stringify(body));
    }
  });

  it('pastes a one-line JSON body unless it holds a template', () => {
    assert.ok(pasted('{"a":"b"}'));
    assert.equal(pasted('{"a":"{{b}}"}'), false);
  });

  it('reads the body type from the Content-Type header alone, whatever its case and parameters', () => {
    assert.ok(pasted('abc', [['Accept', 'application/x-ndjson']]));
    assert.equal(pasted('abc', [['content-TYPE', ' Application/X-NDJSON ; charset=utf-8']]), false);
    assert.match(posted('abc', [['Content-Type', 'application/x-ndjson']]), /because httpYac adds a line break/);
  });
});
