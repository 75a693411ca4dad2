import * as assert from 'node:assert/strict';
import type { BodyRef, PulledExchange, PulledResponse } from '../../src/core/model/pulled';
import { draftOfExchange, draftTitle } from '../../src/ui/requestPanel/draftOf';
import { MAX_IMAGE_BYTES, responseView, wantsImage } from '../../src/ui/requestPanel/responseView';

function response(
  body: Uint8Array | { size: number },
  headers: Array<[string, string]>,
  rest: Partial<PulledResponse> = {},
) {
  const ref: BodyRef =
    body instanceof Uint8Array ? { kind: 'memory', bytes: body } : { kind: 'file', path: '/nowhere', size: body.size };
  const answer: PulledResponse = {
    url: 'http://127.0.0.1/x',
    status: 200,
    statusText: '',
    httpVersion: '1.1',
    headers,
    raw: ref,
    decoded: ref,
    truncated: false,
    timings: { firstByte: 2, download: 1, total: 3, reusedConnection: true },
    redirects: [],
    ...rest,
  };
  return answer;
}

describe('What the request panel shows of a pulled response (responseView, draftOf)', () => {
  it('re-indents JSON for Pretty, keeps Raw as it came, and takes the standard reason when none was sent', () => {
    const bytes = Buffer.from('{"a":[1,2],"n":12345678901234567890}');
    const view = responseView('id-1', response(bytes, [['Content-Type', 'application/json']], { status: 404 }), {
      head: bytes,
    });
    assert.equal(view.pretty, '{\n  "a": [\n    1,\n    2\n  ],\n  "n": 12345678901234567890\n}');
    assert.equal(view.raw, '{"a":[1,2],"n":12345678901234567890}');
    assert.equal(view.statusText, 'Not Found');
    assert.equal(view.bodyCut, undefined);
    assert.deepEqual(view.timings, { firstByteMs: 2, downloadMs: 1, totalMs: 3, reusedConnection: true });
    assert.equal(view.exchangeId, 'id-1');
  });

  it('indents XML and keeps the reason phrase the server sent', () => {
    const bytes = Buffer.from('<a><b>1</b></a>');
    const view = responseView('x', response(bytes, [['content-type', 'application/xml']], { statusText: 'Fine' }), {
      head: bytes,
    });
    assert.equal(view.statusText, 'Fine');
    assert.match(view.pretty, /<a>\n\s+<b>1<\/b>\n<\/a>/);
  });

  it('shows the start of a body kept in a file, without a character cut in two at its end', () => {
    // 'é' is two bytes: the head ends in the middle of one.
    const head = Buffer.concat([Buffer.from('ab'), Buffer.from('é').subarray(0, 1)]);
    const view = responseView('x', response({ size: 5_000_000 }, [['content-type', 'text/plain']]), { head });
    assert.equal(view.raw, 'ab');
    assert.deepEqual(view.bodyCut, { shownBytes: 3, totalBytes: 5_000_000 });
    assert.equal(view.size, 5_000_000);
  });

  it('previews a small image as a data: URI, and never one whose type could break out of it', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const ok = response(png, [['Content-Type', 'image/png']]);
    assert.equal(wantsImage(ok), true);
    assert.equal(responseView('x', ok, { head: png, image: png }).image, 'data:image/png;base64,iVBORw==');
    const hostile = response(png, [['Content-Type', 'image/png"><script>']]);
    assert.equal(wantsImage(hostile), false);
    assert.equal(responseView('x', hostile, { head: png, image: png }).image, undefined);
    assert.equal(wantsImage(response({ size: MAX_IMAGE_BYTES + 1 }, [['Content-Type', 'image/png']])), false);
  });

  it('escapes characters that hide or reorder text in headers, URLs of redirects and the body', () => {
    const bytes = Buffer.from('a\u202eb');
    const view = responseView(
      'x',
      response(bytes, [['X-A', 'v\u200b']], {
        redirects: [{ url: 'http://h/\u202e', status: 302, headers: [], location: '/' }],
      }),
      { head: bytes },
    );
    assert.equal(view.raw, 'a\\u202eb');
    assert.deepEqual(view.headers, [['X-A', 'v\\u200b']]);
    assert.deepEqual(view.redirects, [{ status: 302, url: 'http://h/\\u202e' }]);
  });

  it('makes a draft of a kept exchange, leaving masked credentials out', () => {
    const exchange: PulledExchange = {
      id: 'e',
      startedAt: 0,
      source: 'panel',
      request: {
        method: 'POST',
        url: 'https://api.example.com/items?x=1',
        headers: [
          ['Authorization', 'Bearer •••'],
          ['Content-Type', 'application/json'],
        ],
        body: { kind: 'bytes', bytes: Buffer.from('{"a":1}') },
      },
      response: response(Buffer.from(''), []),
    };
    const draft = draftOfExchange(exchange, 'new-id');
    assert.equal(draft.id, 'new-id');
    assert.deepEqual(draft.headers, [{ enabled: true, name: 'Content-Type', value: 'application/json' }]);
    assert.equal(draft.body.mode, 'json');
    assert.equal(draft.body.text, '{"a":1}');
    assert.equal(draftTitle(draft), 'POST api.example.com/items');
    assert.equal(draftTitle({ method: 'get', url: 'localhost:3000' }), 'GET localhost:3000');
    assert.equal(draftTitle({ method: 'GET', url: '  ' }), 'PushPull Request');
  });
});
