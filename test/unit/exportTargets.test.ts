import * as assert from 'node:assert/strict';
import type { HookMeta } from '../../src/core/model/hook';
import { toCurl } from '../../src/core/export/curl';
import { toHar } from '../../src/core/export/har';
import { toHttpRequest } from '../../src/core/export/httpFile';
import { bodyFileName } from '../../src/core/export/shared';
import { hookMeta } from './helpers';

const harValidator = require('har-validator') as { har(data: unknown): Promise<unknown> };

const ID = '00000000000001-000000';

const hook = (url: string, headers: Array<[string, string]> = [], extra: Partial<HookMeta> = {}): HookMeta =>
  hookMeta({
    id: ID,
    url,
    fullUrl: `http://127.0.0.1:8787${url}`,
    path: url.split('?')[0] as string,
    headers,
    ...extra,
  });

interface HarRequest {
  url: string;
  comment?: string;
}

/** The one HAR entry of a hook, after checking the log against the HAR 1.2 schema. */
async function harEntry(h: HookMeta, body: Uint8Array = new Uint8Array()): Promise<Record<string, unknown>> {
  const har = toHar([{ hook: h, body }], '9.9.9');
  await harValidator.har(har);
  const entry = (har.log as { entries: Array<Record<string, unknown>> }).entries[0];
  assert.ok(entry);
  return entry;
}

const harRequest = async (h: HookMeta): Promise<HarRequest> => (await harEntry(h)).request as HarRequest;

describe('HAR export: the entry', () => {
  it('writes the log header, the request as received and the answer PushPull gave', async () => {
    const h = hook(
      '/github/push?a=1&a=2',
      [
        ['Host', '127.0.0.1:8787'],
        ['Content-Type', 'application/json'],
      ],
      {
        query: [
          ['a', '1'],
          ['a', '2'],
        ],
        contentType: 'application/json',
        receivedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
        bodyMs: 12.6,
        bodySize: 7,
        answerStatus: 202,
        httpVersion: '1.1',
        route: 'github',
      },
    );
    const har = toHar([{ hook: h, body: Buffer.from('{"a":1}') }], '9.9.9');
    await harValidator.har(har);
    assert.deepEqual(har, {
      log: {
        version: '1.2',
        creator: { name: 'PushPull', version: '9.9.9' },
        pages: [],
        entries: [
          {
            startedDateTime: '2026-01-02T03:04:05.006Z',
            time: 13,
            request: {
              method: 'POST',
              url: 'http://127.0.0.1:8787/github/push?a=1&a=2',
              httpVersion: 'HTTP/1.1',
              cookies: [],
              headers: [
                { name: 'Host', value: '127.0.0.1:8787' },
                { name: 'Content-Type', value: 'application/json' },
              ],
              queryString: [
                { name: 'a', value: '1' },
                { name: 'a', value: '2' },
              ],
              headersSize: -1,
              bodySize: 7,
              postData: { mimeType: 'application/json', text: '{"a":1}' },
            },
            response: {
              status: 202,
              statusText: '',
              httpVersion: 'HTTP/1.1',
              cookies: [],
              headers: [],
              content: { size: 0, mimeType: 'application/json' },
              redirectURL: '',
              headersSize: -1,
              bodySize: -1,
            },
            cache: {},
            timings: { send: 0, wait: 0, receive: 13 },
            _id: ID,
            _route: 'github',
          },
        ],
      },
    });
  });

  it('has no postData for an empty body, no comment for a URL as received, and never a negative time', async () => {
    const entry = await harEntry(hook('/x', [], { bodyMs: -3, route: undefined }));
    const request = entry.request as Record<string, unknown>;
    assert.ok(!('postData' in request));
    assert.ok(!('comment' in request));
    assert.ok(!('_route' in entry));
    assert.equal(entry.time, 0);
    assert.deepEqual(entry.timings, { send: 0, wait: 0, receive: 0 });
  });

  it('marks a binary body without a Content-Type as octet-stream in base64', async () => {
    const entry = await harEntry(hook('/bin'), Buffer.from([0xff, 0x00]));
    assert.deepEqual((entry.request as { postData: unknown }).postData, {
      mimeType: 'application/octet-stream',
      text: '/wA=',
      encoding: 'base64',
      comment: 'base64-encoded binary body',
    });
  });
});

describe('HAR export: the URL', () => {
  const encoded = 'The URL differs from the request as received: characters not allowed in a URL are percent-encoded.';
  const cases: ReadonlyArray<readonly [string, string, string | undefined]> = [
    // [target as received, url in the HAR, comment]
    ['/a%20b?q=%7E', 'http://127.0.0.1:8787/a%20b?q=%7E', undefined],
    ["/a-._~!$&'()*+,;=:@/?x", "http://127.0.0.1:8787/a-._~!$&'()*+,;=:@/?x", undefined],
    ['/a b', 'http://127.0.0.1:8787/a%20b', encoded],
    ['/a%2', 'http://127.0.0.1:8787/a%252', encoded],
    ['/a%zz', 'http://127.0.0.1:8787/a%25zz', encoded],
    ['/%', 'http://127.0.0.1:8787/%25', encoded],
    ['/t\tx', 'http://127.0.0.1:8787/t%09x', encoded],
    ['/\u00e9\u00ff', 'http://127.0.0.1:8787/%E9%FF', encoded],
    ['/\u00e9\u4e2d', 'http://127.0.0.1:8787/%C3%A9%E4%B8%AD', encoded],
    ['/{a}|b', 'http://127.0.0.1:8787/%7Ba%7D%7Cb', encoded],
  ];
  for (const [target, url, comment] of cases) {
    it(`writes ${JSON.stringify(target)} as ${url}`, async () => {
      const request = await harRequest(hook(target));
      assert.equal(request.url, url);
      assert.equal(request.comment, comment);
    });
  }

  it('keeps the query of a URL with no path, under "/"', async () => {
    const request = await harRequest(hook('?a=1', [], { fullUrl: 'http://127.0.0.1:8787?a=1' }));
    assert.equal(request.url, 'http://127.0.0.1:8787/?a=1');
    assert.equal(request.comment, undefined);
  });

  it('sends a request target that is not an http(s) URL over http to the host it named, and says so', async () => {
    const h = hook('/x', [['Host', 'example.test:81']], { fullUrl: 'gopher://http://evil.test/y' });
    const request = await harRequest(h);
    assert.equal(request.url, 'http://example.test:81/x');
    assert.equal(
      request.comment,
      'The URL differs from the request as received: the request target was not an http(s) URL: this sends it over http to the host it named.',
    );
    const noHost = await harRequest(hook('/x', [], { fullUrl: 'file:///etc/passwd' }));
    assert.equal(noHost.url, 'http://localhost/x');
  });

  it('lists every change to the URL in one comment', async () => {
    const h = hook('/a b', [['Host', 'example.test']], { fullUrl: 'gopher://example.test/a b' });
    const request = await harRequest(h);
    assert.equal(request.url, 'http://example.test/a%20b');
    assert.equal(
      request.comment,
      'The URL differs from the request as received: the request target was not an http(s) URL: this sends it over http to the host it named; characters not allowed in a URL are percent-encoded.',
    );
  });

  const hosts: ReadonlyArray<readonly [string, boolean]> = [
    // [authority, kept]
    ['a', true],
    ['a:80', true],
    ['example.test.', true],
    ['h_1:65535', true],
    ['[::1]:8080', true],
    ['[2001:db8::1]', true],
    ['127.0.0.1:1', true],
    ['h:65536', false],
    ['h:99999', false],
    ['[1:2]', false],
    ['[::1', false],
    ['-a', false],
    ['a-', false],
    ['user@h', false],
    ['h:', false],
    ['h:123456', false],
  ];
  for (const [authority, kept] of hosts) {
    it(`${kept ? 'keeps' : 'replaces'} the host ${authority}`, async () => {
      const request = await harRequest(hook('/p', [], { fullUrl: `https://${authority}/p` }));
      if (kept) {
        assert.equal(request.url, `https://${authority}/p`);
        assert.equal(request.comment, undefined);
      } else {
        assert.equal(request.url, 'https://localhost/p');
        assert.equal(
          request.comment,
          'The URL differs from the request as received: the host is not a valid host name: this uses localhost.',
        );
      }
    });
  }
});

describe('Replays send what describes the request, not the connection', () => {
  const headers: Array<[string, string]> = [
    ['Host', 'h'],
    ['Content-Length', '2'],
    ['Connection', 'keep-alive'],
    ['Keep-Alive', 'timeout=5'],
    ['Transfer-Encoding', 'chunked'],
    ['TE', 'trailers'],
    ['Upgrade', 'websocket'],
    ['X-Kept', '1'],
  ];

  it('leaves connection headers out of a .http request', () => {
    const text = toHttpRequest(hook('/r', headers), new Uint8Array());
    assert.deepEqual(text.split('\n').slice(1), ['POST http://127.0.0.1:8787/r HTTP/1.1', 'X-Kept: 1', '']);
  });

  it('leaves connection headers out of a cURL command, and writes a header with text beyond Latin-1 as UTF-8', () => {
    const lines = toCurl(hook('/r', [...headers, ['X-Name', '\u4e2d\u00e9']]), new Uint8Array()).split(' \\\n  ');
    assert.deepEqual(
      lines.filter((line) => line.startsWith('-H')),
      [`-H 'X-Kept: 1'`, `-H 'X-Name: \u4e2d\u00e9'`, `-H 'User-Agent:' -H 'Accept:' -H 'Content-Type:' -H 'Expect:'`],
    );
  });
});

describe('The body file name a .http export refers to', () => {
  const cases: ReadonlyArray<readonly [string, string | undefined, string]> = [
    ['/github/push', 'application/json; charset=utf-8', `github-push-${ID}.json`],
    ['/soap', 'text/XML', `soap-${ID}.xml`],
    ['/', undefined, `hook-${ID}.bin`],
    ['/.env', 'application/octet-stream', `_env-${ID}.bin`],
    ['/-x', undefined, `_x-${ID}.bin`],
    ['/a b/ü', undefined, `a_b-_-${ID}.bin`],
    [`/${'p'.repeat(150)}`, undefined, `${'p'.repeat(100)}-${ID}.bin`],
  ];
  for (const [path, contentType, name] of cases) {
    it(`names the body of ${path.slice(0, 20)} ${contentType ?? '(no type)'} ${name.slice(0, 30)}`, () => {
      assert.equal(bodyFileName({ path, id: ID, contentType }), name);
    });
  }
});
