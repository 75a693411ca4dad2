import * as assert from 'node:assert/strict';
import type { HookMeta } from '../../src/core/model/hook';
import { toHttpRequest } from '../../src/core/export/httpFile';
import { hookMeta } from './helpers';

const ID = '00000000000001-000000';
const RECEIVED = '1970-01-01T00:00:00.000Z';

const hook = (headers: Array<[string, string]>, url = '/hook', extra: Partial<HookMeta> = {}): HookMeta =>
  hookMeta({
    id: ID,
    url,
    fullUrl: `http://127.0.0.1:8787${url}`,
    path: url.split('?')[0] as string,
    headers,
    ...extra,
  });

/** Why the export did not paste the body, as its comment tells the user, or undefined when it pasted it. */
function bodyReason(body: string | Buffer, contentType?: string): string | undefined {
  const text = toHttpRequest(hook(contentType ? [['Content-Type', contentType]] : []), Buffer.from(body));
  const reason = /is not pasted here because (.*)\.\n/.exec(text)?.[1];
  if (reason === undefined) assert.ok(text.endsWith(`\n\n${body.toString()}\n`), text);
  return reason;
}

describe('Copy as .http: whole requests', () => {
  it('writes a small JSON POST as a comment, the request line, its headers and the body', () => {
    const h = hook(
      [
        ['Host', '127.0.0.1:8787'],
        ['Content-Type', 'application/json'],
        ['X-GitHub-Event', 'push'],
      ],
      '/github/push?a=1',
    );
    assert.equal(
      toHttpRequest(h, Buffer.from('{"a":1}')),
      [
        `# POST /github/push received ${RECEIVED} (${ID})`,
        'POST http://127.0.0.1:8787/github/push?a=1 HTTP/1.1',
        'Content-Type: application/json',
        'X-GitHub-Event: push',
        '',
        '{"a":1}',
        '',
      ].join('\n'),
    );
  });

  it('writes a request without a body as the request line and headers only', () => {
    assert.equal(
      toHttpRequest(hook([['X-A', '1']], '/ping', { method: 'GET' }), new Uint8Array()),
      `# GET /ping received ${RECEIVED} (${ID})\nGET http://127.0.0.1:8787/ping HTTP/1.1\nX-A: 1\n`,
    );
  });

  it('refers to a binary body as a file, naming its size and digest', () => {
    const h = hook([['Content-Type', 'application/octet-stream']], '/upload', { bodySha256: 'ab'.repeat(32) });
    assert.equal(
      toHttpRequest(h, Buffer.from([0xff, 0xfe, 0x00])),
      [
        `# POST /upload received ${RECEIVED} (${ID})`,
        `# The body (3 bytes, sha256 ${'ab'.repeat(32)}) is not pasted here because it is binary (not UTF-8 text).`,
        `# Save it with "Save Body As…" as upload-${ID}.bin next to this .http file: the request sends that file's bytes.`,
        'POST http://127.0.0.1:8787/upload HTTP/1.1',
        'Content-Type: application/octet-stream',
        '',
        `< ./upload-${ID}.bin`,
        '',
      ].join('\n'),
    );
  });

  it('names only the size of a binary body whose digest is not known', () => {
    const text = toHttpRequest(hook([], '/upload', { bodySha256: '' }), Buffer.from([0xff]));
    assert.match(text, /\n# The body \(1 bytes\) is not pasted here because it is binary \(not UTF-8 text\)\.\n/);
  });

  it('warns that httpYac sends no file body for a form, and only for a form', () => {
    const note = '# Note: httpYac sends no file body with an x-www-form-urlencoded Content-Type (REST Client does).';
    const form = toHttpRequest(hook([['Content-Type', 'application/x-www-form-urlencoded']]), Buffer.from('a=1\nb=2'));
    assert.ok(form.split('\n').includes(note), form);
    const text = toHttpRequest(hook([['Content-Type', 'text/plain']]), Buffer.from('a=1\nb=2'));
    assert.ok(!text.includes('httpYac sends no file body'), text);
  });

  it('keeps the comment line a comment: tabs and line breaks in the path become "?", "{{" is split', () => {
    const text = toHttpRequest(hook([], '/a\tb{{c}}'), new Uint8Array());
    assert.equal(text.split('\n')[0], `# POST /a?b{ {c}} received ${RECEIVED} (${ID})`);
  });

  it('percent-encodes braces of a templated URL and says why; says when the host was replaced', () => {
    const text = toHttpRequest(hook([], '/x/{{id}}'), new Uint8Array());
    assert.deepEqual(text.split('\n').slice(1, 3), [
      '# Note: "{" and "}" in the URL are percent-encoded: .http tools read two "{" in a row as a template.',
      'POST http://127.0.0.1:8787/x/%7B%7Bid%7D%7D HTTP/1.1',
    ]);
    const bad = toHttpRequest(hook([], '/y'), new Uint8Array(), 'http://a b/y');
    assert.deepEqual(bad.split('\n').slice(1, 3), [
      '# Note: the host is not a valid host name: this uses localhost.',
      'POST http://localhost/y HTTP/1.1',
    ]);
  });
});

describe('Copy as .http: why a body is not pasted', () => {
  const cases: ReadonlyArray<readonly [string, string, string | undefined, string | undefined]> = [
    // [what, body, Content-Type, the reason given (undefined: pasted)]
    [
      'two lines',
      '{"a":1}\n{"b":2}',
      'application/json',
      'it has several lines, which .http tools send with their own line breaks and may read as instructions',
    ],
    [
      'a carriage return',
      '{"a":1}\r',
      undefined,
      'it has several lines, which .http tools send with their own line breaks and may read as instructions',
    ],
    [
      'a template',
      '{"a":"{{b}}"}',
      undefined,
      'it has two "{" in a row, a template that .http tools evaluate (httpYac as JavaScript)',
    ],
    ['a zero-width space', '{"a":"\u200b"}', undefined, 'it has control or invisible characters'],
    ['a control character', '{"a":"\u0001"}', undefined, 'it has control or invisible characters'],
    ['a leading space', ' {"a":1}', undefined, 'it starts or ends with white space, which .http tools drop'],
    ['a trailing tab', '{"a":1}\t', undefined, 'it starts or ends with white space, which .http tools drop'],
    ['a GraphQL keyword', 'query{x}', undefined, '.http tools could read it as an instruction'],
    ['a websocket line', 'ws1', undefined, '.http tools could read it as an instruction'],
    ['words with spaces', 'hello world', undefined, '.http tools could read it as an instruction'],
    ['a comment', '# x', undefined, '.http tools could read it as an instruction'],
    ['a streaming marker', '{"a":"<--->"}', undefined, '.http tools could read it as an instruction'],
    ['a trailing ===', 'abc===', undefined, '.http tools could read it as an instruction'],
    ['a wait-for-server line', '["=== wait-for-server', undefined, '.http tools could read it as an instruction'],
    ['ndjson', '{"a":1}', 'Application/X-NDJSON; charset=utf-8', 'httpYac adds a line break to x-ndjson bodies'],
    [
      'a form with non-ASCII',
      'a=Ä',
      'application/x-www-form-urlencoded',
      'httpYac would percent-encode some of its characters',
    ],
    [
      'a form with a cut escape',
      'a=%2',
      'application/x-www-form-urlencoded',
      'httpYac would percent-encode some of its characters',
    ],
    [
      'ndjson with a space before its parameters',
      '{"a":1}',
      'application/x-ndjson ; charset=utf-8',
      'httpYac adds a line break to x-ndjson bodies',
    ],
    ['a form with escapes', 'a=%20&b=c', 'application/x-www-form-urlencoded; charset=utf-8', undefined],
    ['a word that only contains a keyword', 'xquery', undefined, undefined],
    ['a word with === inside', 'a===b', undefined, undefined],
    ['base64 with padding', 'YWJj=', undefined, undefined],
    ['a word starting like wss', 'wsx', undefined, '.http tools could read it as an instruction'],
    ['XML', '<a>1</a>', 'application/xml', undefined],
    ['a JSON string', '"x"', 'text/plain', undefined],
  ];
  for (const [what, body, type, reason] of cases) {
    it(`${reason === undefined ? 'pastes' : 'does not paste'} ${what}`, () => {
      assert.equal(bodyReason(body, type), reason);
    });
  }

  it('reads the Content-Type header whatever its case, and only that header', () => {
    const text = (headers: Array<[string, string]>): string => toHttpRequest(hook(headers), Buffer.from('{"a":1}'));
    assert.match(text([['content-TYPE', 'application/x-ndjson']]), /because httpYac adds a line break/);
    assert.ok(
      text([
        ['Content-Type', 'application/json'],
        ['X-Original-Content-Type', 'application/x-ndjson'],
      ]).endsWith('\n\n{"a":1}\n'),
    );
  });
});

describe('Copy as .http: headers', () => {
  /** The header line written, or the comment saying why it was left out. */
  function header(name: string, value: string): string {
    const text = toHttpRequest(hook([[name, value]]), new Uint8Array());
    const lines = text.split('\n');
    const request = lines.findIndex((line) => line.startsWith('POST http'));
    const notes = lines.slice(1, request);
    const written = lines.slice(request + 1).filter(Boolean);
    return [...notes, ...written].join('\n');
  }

  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['X-Plain', 'a\tb', 'X-Plain: a\tb'],
    ['X(A', 'v', '# Left out the header X(A: its name would not be read as a header.'],
    [
      'X-Tpl',
      'a{{b}}',
      '# Left out the header X-Tpl: its value has two "{" in a row, a template that .http tools evaluate (httpYac as JavaScript).',
    ],
    [
      'X-ClientCert',
      'cert.pem',
      '# Left out the header X-ClientCert: httpYac reads a header of this name as client-certificate files to load.',
    ],
    ['X-ClientCert-Id', '7', 'X-ClientCert-Id: 7'],
    ['Authorization', 'Bearer abc.def', 'Authorization: Bearer abc.def'],
    ['Authorization', 'Bearer aws.token', 'Authorization: Bearer aws.token'],
    [
      'authorization',
      'Basic user:pw Bearer tok',
      '# Left out the header authorization: httpYac and REST Client rewrite or act on Authorization values of this form (Basic user:password, Digest, AWS, OAuth2).',
    ],
    [
      'Authorization',
      'Digest abc',
      '# Left out the header Authorization: httpYac and REST Client rewrite or act on Authorization values of this form (Basic user:password, Digest, AWS, OAuth2).',
    ],
    ['X-Nel', '\u0085', '# Left out the header X-Nel: its value has control or invisible characters.'],
    ['X-Zw', 'a\u00e2\u0080\u008bb', '# Left out the header X-Zw: its value has control or invisible characters.'],
    [
      'X-Name',
      '\u00c3\u00a9',
      '# Note: the X-Name header has non-ASCII bytes, which .http tools may send differently (Copy as cURL sends them exactly).\nX-Name: é',
    ],
    [
      'Accept-Encoding',
      'gzip,',
      '# Note: httpYac drops the comma at the end of the Accept-Encoding header.\nAccept-Encoding: gzip,',
    ],
    ['X-Lead', ',gzip', 'X-Lead: ,gzip'],
    [
      'X-Both',
      '\u00c3\u00a9,',
      '# Note: the X-Both header has non-ASCII bytes, which .http tools may send differently (Copy as cURL sends them exactly); httpYac drops the comma at the end of the X-Both header.\nX-Both: é,',
    ],
  ];
  for (const [name, value, expected] of cases) {
    it(`writes ${name}: ${JSON.stringify(value)} as the user can read and send it`, () => {
      assert.equal(header(name, value), expected);
    });
  }
});
