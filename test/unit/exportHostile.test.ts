import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import * as fc from 'fast-check';
import type { HookMeta } from '../../src/core/model/hook';
import { INLINE_BODY_BYTES, toCurl } from '../../src/core/export/curl';
import { toHar } from '../../src/core/export/har';
import { toHttpRequest } from '../../src/core/export/httpFile';
import { replayHeaders, utf8Text } from '../../src/core/export/shared';
import { captureRaw, type Received, recordingServer } from './curlRun';
import { hookMeta, tempDir } from './helpers';
import { makeHook } from './store/fixtures/hooks';

const harValidator = require('har-validator') as { har(data: unknown): Promise<unknown> };

/** A raw HTTP/1.1 request: request line, headers (bytes as given, Latin-1), Content-Length and body. */
function rawRequest(method: string, target: string, headers: Array<[string, string]>, body: Buffer): Buffer {
  const head = [`${method} ${target} HTTP/1.1`, ...headers.map(([n, v]) => `${n}: ${v}`)];
  head.push(`Content-Length: ${body.length}`, 'Connection: close', '', '');
  return Buffer.concat([Buffer.from(head.join('\r\n'), 'latin1'), body]);
}

/**
 * Runs a command with bash, as a user pasting it would, and fails with its error output. The script goes in a file,
 * not in an argument, so that only the command itself meets the argument-length limit.
 */
async function bash(script: string): Promise<void> {
  const dir = await tempDir();
  const file = path.join(dir, 'command.sh');
  await fs.writeFile(file, `${script}\n`);
  try {
    await new Promise<void>((resolve, reject) =>
      execFile('bash', [file], { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(),
      ),
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Runs the Copy as cURL command for real and returns the one request the recorder got. */
async function runCurl(
  app: { received: Received[] },
  hook: HookMeta,
  body: Uint8Array,
  url?: string,
): Promise<{ command: string; got: Received }> {
  const command = toCurl(hook, body, url);
  const before = app.received.length;
  await bash(`${command} --silent --show-error --output /dev/null --max-time 20`);
  assert.equal(app.received.length, before + 1, 'exactly one request arrived');
  return { command, got: app.received[before] as Received };
}

/** What a replay must send: the hook's headers less the ones that describe the connection. */
function expectedHeaders(hook: HookMeta): Array<[string, string]> {
  return replayHeaders(hook).map(([n, v]) => [n, v]);
}

/** The received headers less the ones curl computes (Host, Content-Length). */
function sentHeaders(got: Received): Array<[string, string]> {
  return got.headers.filter(([n]) => !/^(host|content-length)$/i.test(n));
}

describe('Copy as cURL with hostile requests, run for real with bash and curl', function () {
  this.timeout(60_000);
  let app: Awaited<ReturnType<typeof recordingServer>>;
  beforeEach(async () => (app = await recordingServer()));
  afterEach(() => app.close());

  it('sends a body starting with @ as those bytes, never the local file it names', async () => {
    const dir = await tempDir();
    const secret = path.join(dir, 'secret.txt');
    await fs.writeFile(secret, 'local secret\n');
    const original = Buffer.from(`@${secret}`);
    const { hook, body } = await captureRaw(() =>
      rawRequest(
        'POST',
        '/hook',
        [
          ['Host', `127.0.0.1:${app.port}`],
          ['Content-Type', 'text/plain'],
        ],
        original,
      ),
    );
    try {
      const { got } = await runCurl(app, hook, body);
      assert.deepEqual(got.body, original);
      assert.deepEqual(sentHeaders(got), expectedHeaders(hook));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('sends 1 MB bodies exactly (binary with NUL bytes, and text), past the argument-length limit', async () => {
    const binary = crypto.randomBytes(1024 * 1024);
    binary[0] = 0;
    binary[500_000] = 0;
    const text = Buffer.from('{"x":"' + 'é$`\'"\\'.repeat(180_000) + '"}');
    assert.ok(text.length > 1024 * 1024 && text.length > INLINE_BODY_BYTES);
    for (const original of [binary, text]) {
      const { hook, body } = await captureRaw(() =>
        rawRequest(
          'PUT',
          '/big',
          [
            ['Host', `127.0.0.1:${app.port}`],
            ['Content-Type', 'application/json'],
          ],
          original,
        ),
      );
      const { got } = await runCurl(app, hook, body);
      assert.equal(got.method, 'PUT');
      assert.equal(got.body.length, original.length);
      assert.ok(got.body.equals(original), 'same bytes');
      assert.deepEqual(sentHeaders(got), expectedHeaders(hook), 'curl added no Expect or other header');
    }
  });

  it('keeps a UTF-8 byte-order mark at the start of the body', async () => {
    const original = Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]);
    const { hook, body } = await captureRaw(() =>
      rawRequest(
        'POST',
        '/bom',
        [
          ['Host', `127.0.0.1:${app.port}`],
          ['Content-Type', 'application/json'],
        ],
        original,
      ),
    );
    assert.deepEqual(Buffer.from(body), original);
    const { got } = await runCurl(app, hook, body);
    assert.deepEqual(got.body, original);
  });

  it('never speaks another protocol: a gopher:// or file:// request target is replayed over http', async () => {
    const tcp: Buffer[] = [];
    const victim = net.createServer((socket) => socket.on('data', (d: Buffer) => tcp.push(d)));
    await new Promise<void>((resolve) => victim.listen(0, '127.0.0.1', resolve));
    const victimPort = (victim.address() as net.AddressInfo).port;
    try {
      for (const target of [`gopher://127.0.0.1:${victimPort}/_SET%20pwned%201%0D%0AQUIT`, 'file:///etc/hostname']) {
        const { hook, body } = await captureRaw(() =>
          rawRequest('POST', target, [['Host', `127.0.0.1:${app.port}`]], Buffer.alloc(0)),
        );
        assert.equal(hook.fullUrl, target, 'the hook keeps the target it was sent');
        const { command, got } = await runCurl(app, hook, body);
        assert.match(command, /--proto '=http,https' --proto-redir '=http,https'/);
        assert.ok(!command.includes('gopher:') && !command.includes('file:'), command);
        assert.equal(got.url, hook.url);
        assert.deepEqual(got.body, Buffer.alloc(0));
        assert.deepEqual(sentHeaders(got), expectedHeaders(hook));
      }
      assert.equal(Buffer.concat(tcp).length, 0, 'the local TCP service received nothing');
    } finally {
      await new Promise<void>((resolve) => victim.close(() => resolve()));
    }
  });

  it('sends the request target as received: no globbing, no dot-segment removal, # kept', async () => {
    for (const target of ['/a[1-3]/{b,c}/../x/./%zz?q=[1]&r={x,y}', '/p/..?q=1#not-a-fragment', '/a#b/../c']) {
      const { hook, body } = await captureRaw(() =>
        rawRequest(
          'POST',
          target,
          [
            ['Host', `127.0.0.1:${app.port}`],
            ['Content-Type', 'text/plain'],
          ],
          Buffer.from('x'),
        ),
      );
      const { got } = await runCurl(app, hook, body);
      assert.equal(got.url, target);
      assert.deepEqual(sentHeaders(got), expectedHeaders(hook));
    }
  });

  it('sends exactly the headers received: empty values, Latin-1 and UTF-8 bytes, duplicates, none added', async () => {
    const headers: Array<[string, string]> = [
      ['Host', `127.0.0.1:${app.port}`],
      ['X-Empty', ''],
      ['X-Latin1', 'caf\u00e9 \u00ff'], // the bytes e9 and ff: not UTF-8
      ['X-Utf8', Buffer.from('café ✓', 'utf8').toString('latin1')], // UTF-8 bytes, read by Node as Latin-1
      ['X-Dup', '1'],
      ['x-dup', '2'],
      ['X-Quote', `it's "q" $HOME $(id) \`id\` !! ;|&\t\\`],
      ['X-Semi', 'a;'],
    ];
    const { hook, body } = await captureRaw(() => rawRequest('POST', '/h', headers, Buffer.from('x')));
    const { got } = await runCurl(app, hook, body);
    assert.deepEqual(
      sentHeaders(got),
      headers.filter(([n]) => n !== 'Host'),
      'no User-Agent, Accept or Content-Type of curl',
    );
  });

  it('HEAD requests finish (curl does not wait for a body) and send what came', async () => {
    const { hook, body } = await captureRaw(() =>
      Buffer.from(`HEAD /h?x=1 HTTP/1.1\r\nHost: 127.0.0.1:${app.port}\r\nAccept: */*\r\nConnection: close\r\n\r\n`),
    );
    const { got } = await runCurl(app, hook, body);
    assert.equal(got.method, 'HEAD');
    assert.equal(got.url, '/h?x=1');
    assert.deepEqual(sentHeaders(got), expectedHeaders(hook));
  });

  it('any body bytes and header value bytes arrive exactly (property, 25 runs)', async () => {
    const valueByte = fc.oneof(
      fc.constant(0x09),
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.integer({ min: 0x80, max: 0xff }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(valueByte, { maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('latin1').trim()),
        fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE', 'GET'),
        async (bytes, value, method) => {
          const original = Buffer.from(bytes);
          const { hook, body } = await captureRaw(() =>
            rawRequest(
              method,
              '/p?a=$(id)',
              [
                ['Host', `127.0.0.1:${app.port}`],
                ['X-H', value],
              ],
              original,
            ),
          );
          const { got } = await runCurl(app, hook, body);
          assert.equal(got.method, method);
          assert.equal(got.url, '/p?a=$(id)');
          assert.deepEqual(got.body, original);
          assert.deepEqual(sentHeaders(got), expectedHeaders(hook));
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('Copy as .http with hostile requests', () => {
  const hook = (headers: Array<[string, string]>, body: Buffer, url = '/hook?a=1'): HookMeta =>
    hookMeta({
      id: '00000000000001-000000',
      url,
      fullUrl: `http://127.0.0.1:8787${url}`,
      path: url.split('?')[0] as string,
      headers,
      contentType: headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1],
      bodySize: body.length,
      bodySha256: crypto.createHash('sha256').update(body).digest('hex'),
    });

  /** The .http text, and the body file it names when it does not paste the body. */
  function exported(h: HookMeta, body: Buffer): { text: string; file?: string; pasted?: string } {
    const text = toHttpRequest(h, body);
    const named = /as (\S+) next to this \.http file/.exec(text)?.[1];
    const referenced = /\n\n< \.\/(\S+)\n$/.exec(text)?.[1];
    assert.equal(named, referenced, 'the file the comment names is the file the request sends');
    if (named) return { text, file: named };
    const pasted = /\n\n([\s\S]*)\n$/.exec(text)?.[1];
    return { text, pasted };
  }

  const plain = (body: string, type = 'text/plain') => hook([['Content-Type', type]], Buffer.from(body));

  it('never pastes a body the format would interpret: templates, file includes, comments, separators, blank lines', () => {
    const hostile = [
      "x={{ require('fs').writeFileSync('/tmp/pwned', '1') || 'done' }}",
      'home={{$processEnv HOME}}',
      '{"a":"{{ process.env.HOME }}"}',
      '<@ /etc/hostname',
      '<\t/etc/hostname',
      '< /etc/hostname',
      '<@latin1 /etc/hostname',
      'a\n# not a comment\n// nor this\nb',
      'a\n###\nb',
      '###',
      '# x',
      '// x',
      '  // x',
      '\n\nafter blanks',
      'before blanks\n\n',
      'line1\r\nline2\r\n',
      'x\n',
      ' x',
      '> ./handler.js',
      '>> /tmp/out',
      '?? status == 200',
      '@host=evil',
      'query { x }',
      'query=x',
      'HTTP/1.1 200 OK',
      'GET http://example.com/',
      'abc===',
      '["<--->"]',
      '\ufeff{}',
      'a\u2028b',
    ];
    for (const text of hostile) {
      const result = exported(plain(text), Buffer.from(text));
      assert.ok(result.file, `pasted: ${JSON.stringify(text)}`);
      assert.ok(!result.text.includes('{{'), result.text);
    }
  });

  it('pastes plain one-line JSON, XML and form bodies as they are', () => {
    for (const [text, type] of [
      ['{"a": 1, "b": [true, null, "x y"]}', 'application/json'],
      ['[1,2]', 'application/json'],
      ['<?xml version="1.0"?><a x="1">t</a>', 'application/xml'],
      ['a=1&b=two%20x&c=%7B%7D+y', 'application/x-www-form-urlencoded'],
    ] as const) {
      assert.equal(exported(plain(text, type), Buffer.from(text)).pasted, text);
    }
  });

  it('refers to one consistently named file for binary bodies and says which file to save', () => {
    const body = Buffer.from([0xff, 0x00]);
    const h = {
      ...hook([['Content-Type', 'application/octet-stream']], body, '/github/push'),
      contentType: 'image/png',
    };
    const { text, file } = exported(h, body);
    assert.equal(file, 'github-push-00000000000001-000000.bin');
    assert.match(text, /# The body \(2 bytes, sha256 [0-9a-f]{64}\) is not pasted here because it is binary/);
    assert.match(
      text,
      /Save it with "Save Body As…" as github-push-00000000000001-000000\.bin next to this \.http file/,
    );
    const odd = hook([['Content-Type', 'application/json']], Buffer.from('{{x}}'), '/a/{{x}}/../b c');
    assert.equal(exported(odd, Buffer.from('{{x}}')).file, 'a-__x__-..-b_c-00000000000001-000000.json');
  });

  it('leaves out headers it cannot write safely, with a comment saying so, and keeps the others', () => {
    const headers: Array<[string, string]> = [
      ['Content-Type', 'text/plain'],
      ['X-Leak', '{{ process.env.HOME }}'],
      ['X-Var', 'a {{$processEnv HOME}}'],
      ['Authorization', 'Basic user:password'],
      ['X-ClientCert', 'cert: /etc/hostname'],
      ['#X-Comment', '1'],
      ['X-Ok', 'value with spaces; and = signs'],
      ['X-Empty', ''],
      ['X-Utf8', Buffer.from('café', 'utf8').toString('latin1')],
      ['X-Bidi', Buffer.from('a\u202eb', 'utf8').toString('latin1')],
    ];
    const { text } = exported(hook(headers, Buffer.from('x')), Buffer.from('x'));
    assert.match(text, /^X-Utf8: café$/m);
    assert.match(text, /^# Note: the X-Utf8 header has non-ASCII bytes, which \.http tools may send differently/m);
    assert.ok(!text.includes('{{'), text);
    for (const name of ['X-Leak', 'X-Var', 'Authorization', 'X-ClientCert', '#X-Comment', 'X-Bidi']) {
      assert.match(text, new RegExp(`^# Left out the header ${name}: `, 'm'));
      assert.ok(!text.split('\n').some((line) => line.startsWith(`${name}:`)), name);
    }
    assert.match(text, /^X-Ok: value with spaces; and = signs$/m);
    assert.match(text, /^X-Empty: $/m);
    const bearer = exported(
      hook(
        [
          ['Authorization', 'Bearer abc.def-ghi_'],
          ['Authorization', 'Basic dXNlcjpwYXNz'],
        ],
        Buffer.alloc(0),
      ),
      Buffer.alloc(0),
    );
    assert.match(bearer.text, /^Authorization: Bearer abc\.def-ghi_\nAuthorization: Basic dXNlcjpwYXNz$/m);
  });

  it('percent-encodes braces in a URL with a template and only ever targets http(s)', () => {
    const templated = toHttpRequest(hook([], Buffer.alloc(0), '/a/{{process.env.HOME}}?q={{x}}'), Buffer.alloc(0));
    assert.match(
      templated,
      /^POST http:\/\/127\.0\.0\.1:8787\/a\/%7B%7Bprocess\.env\.HOME%7D%7D\?q=%7B%7Bx%7D%7D HTTP\/1\.1$/m,
    );
    assert.ok(!templated.includes('{{'), templated);
    const gopher = {
      ...hook([['Host', 'example.com']], Buffer.alloc(0), '/_x'),
      fullUrl: 'gopher://127.0.0.1:6379/_x',
    };
    assert.match(toHttpRequest(gopher, Buffer.alloc(0)), /^POST http:\/\/example\.com\/_x HTTP\/1\.1$/m);
  });
});

describe('HAR with hostile requests', () => {
  it('marks binary bodies with encoding base64, keeps a BOM, and validates', async () => {
    const binary = await captureRaw(() =>
      rawRequest(
        'POST',
        '/bin',
        [
          ['Host', 'x'],
          ['Content-Type', 'image/png'],
        ],
        Buffer.from([0xff, 0, 1]),
      ),
    );
    const bom = await captureRaw(() =>
      rawRequest(
        'POST',
        '/bom',
        [
          ['Host', 'x'],
          ['Content-Type', 'application/json'],
        ],
        Buffer.from('\ufeff{}'),
      ),
    );
    const har = toHar([binary, bom], '0.1.0') as {
      log: { entries: Array<{ request: { postData: Record<string, string> } }> };
    };
    await harValidator.har(har);
    const [first, second] = har.log.entries.map((e) => e.request.postData);
    assert.deepEqual(first, {
      mimeType: 'image/png',
      text: Buffer.from([0xff, 0, 1]).toString('base64'),
      encoding: 'base64',
      comment: 'base64-encoded binary body',
    });
    assert.deepEqual(second, { mimeType: 'application/json', text: '\ufeff{}' });
    assert.equal(utf8Text(Buffer.from('\ufeffx')), '\ufeffx');
  });

  it('always gives a valid http(s) request.url: hostile Host headers and absolute-form targets', async () => {
    const cases = [
      rawRequest('POST', '/h?q="x"&r=<y>', [['Host', 'a b"<>']], Buffer.alloc(0)),
      rawRequest('POST', '/h', [['Host', 'user:pw@evil.example']], Buffer.alloc(0)),
      rawRequest('POST', '/h#frag{x}|^`\\', [['Host', 'ok.example:8080']], Buffer.alloc(0)),
      rawRequest('POST', 'gopher://127.0.0.1:6379/_SET%20x', [['Host', 'ok.example']], Buffer.alloc(0)),
    ];
    for (const raw of cases) {
      const captured = await captureRaw(() => raw);
      const har = toHar([captured], '0.1.0') as {
        log: { entries: Array<{ request: { url: string; comment?: string } }> };
      };
      await harValidator.har(har);
      const request = har.log.entries[0]?.request;
      assert.ok(request);
      const parsed = new URL(request.url);
      assert.match(parsed.protocol, /^https?:$/);
      assert.ok(!/[\s"<>{}|\\^`#]/.test(request.url), request.url);
      assert.ok(request.comment, 'says why the URL differs from what came');
    }
  });
});

describe('Copy as cURL, as a person pastes it', () => {
  it('escapes every unsafe character beyond C0 in a text body: DEL, C1, U+061C, zero-width, bidi, BOM', () => {
    for (const c of ['\u007f', '\u0085', '\u061c', '\u200b', '\u202e', '\u2066', '\ufeff']) {
      const body = Buffer.from(`{"note":"a${c}b"}`);
      const command = toCurl(makeHook(1, body), body);
      assert.ok(!command.includes(c), `U+${c.charCodeAt(0).toString(16).padStart(4, '0')} pasted as it is`);
    }
  });
});
