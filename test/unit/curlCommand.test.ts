import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { HookMeta } from '../../src/core/model/hook';
import { INLINE_BODY_BYTES, shellQuote, toCurl } from '../../src/core/export/curl';
import { type Received, recordingServer } from './curlRun';
import { hookMeta, tempDir } from './helpers';

/** Runs a script with bash, as a user pasting it would, and returns what it printed. */
async function bash(script: string): Promise<Buffer> {
  const dir = await tempDir();
  const file = path.join(dir, 'command.sh');
  await fs.writeFile(file, `${script}\n`);
  try {
    return await new Promise<Buffer>((resolve, reject) =>
      execFile('bash', [file], { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stderr.toString()}`)) : resolve(stdout),
      ),
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** What bash makes of one quoted word: the exact bytes curl would get as an argument. */
async function wordBytes(word: string): Promise<Buffer> {
  return bash(`printf '%s' ${word}`);
}

const hook = (method: string, url: string, headers: Array<[string, string]>): HookMeta =>
  hookMeta({ method, url, fullUrl: `http://127.0.0.1:8787${url}`, path: url.split('?')[0] as string, headers });

describe('Copy as cURL: shell words', () => {
  it('quotes plain text, spaces, newlines, quotes and backslashes readably, and bash reads the same bytes back', async () => {
    const cases: Array<[string, string]> = [
      ['a b', `'a b'`],
      ['{"a":1}\n', `'{"a":1}\n'`],
      [`it's`, `'it'\\''s'`],
      ['back\\slash $HOME `id`', `'back\\slash $HOME \`id\`'`],
      ['é ü 中', `'é ü 中'`],
      ['', `''`],
    ];
    for (const [text, quoted] of cases) {
      assert.equal(shellQuote(text), quoted);
      assert.equal(shellQuote(Buffer.from(text)), quoted);
      assert.deepEqual(await wordBytes(quoted), Buffer.from(text));
    }
  });

  it("escapes control bytes, DEL and invalid UTF-8 in $'…', keeping printable ASCII as it is", async () => {
    const cases: Array<[Buffer, string]> = [
      [Buffer.from('a\tb'), `$'a\\x09b'`],
      [Buffer.from('\x01a'), `$'\\x01a'`],
      [Buffer.from('\x1fz'), `$'\\x1fz'`],
      [Buffer.from('a b\x7f~'), `$'a b\\x7f~'`],
      [Buffer.from("it's \\ \x02"), `$'it\\'s \\\\ \\x02'`],
      [Buffer.from('!~\r\n'), `$'!~\\x0d\\x0a'`],
      [Buffer.from([0xff, 0x20, 0x41]), `$'\\xff A'`],
      [Buffer.from('\u200b'), `$'\\xe2\\x80\\x8b'`],
    ];
    for (const [bytes, quoted] of cases) {
      assert.equal(shellQuote(bytes), quoted, JSON.stringify(bytes.toString('latin1')));
      assert.deepEqual(await wordBytes(quoted), bytes);
    }
  });
});

describe('Copy as cURL: the command', () => {
  it('reads as a short command for a small JSON POST: the URL, safety options, headers and the body inline', () => {
    const h = hook('POST', '/github/push?a=1', [
      ['Host', '127.0.0.1:8787'],
      ['Content-Type', 'application/json'],
      ['X-GitHub-Event', 'push'],
      ['Content-Length', '8'],
    ]);
    assert.equal(
      toCurl(h, Buffer.from('{"a":1}\n')),
      [
        `curl 'http://127.0.0.1:8787/github/push?a=1'`,
        `-g --path-as-is --proto '=http,https' --proto-redir '=http,https'`,
        `-H 'Content-Type: application/json'`,
        `-H 'X-GitHub-Event: push'`,
        `-H 'User-Agent:' -H 'Accept:' -H 'Expect:'`,
        `--data-raw '{"a":1}\n'`,
      ].join(' \\\n  '),
    );
  });

  it('names other methods with -X, quoting any that is not plain capitals', () => {
    const first = (method: string): string => toCurl(hook(method, '/x', []), new Uint8Array()).split(' \\\n')[0] ?? '';
    assert.equal(first('PUT'), `curl -X PUT 'http://127.0.0.1:8787/x'`);
    assert.equal(first('GET'), `curl -X GET 'http://127.0.0.1:8787/x'`);
    assert.equal(first('M-SEARCH'), `curl -X M-SEARCH 'http://127.0.0.1:8787/x'`);
    assert.equal(first('POST'), `curl -X POST 'http://127.0.0.1:8787/x'`);
    assert.equal(first(';PUT'), `curl -X ';PUT' 'http://127.0.0.1:8787/x'`);
    assert.equal(first('PUT;id'), `curl -X 'PUT;id' 'http://127.0.0.1:8787/x'`);
    assert.equal(first('put'), `curl -X 'put' 'http://127.0.0.1:8787/x'`);
    assert.equal(first('P$'), `curl -X 'P$' 'http://127.0.0.1:8787/x'`);
  });

  it('sends a target with # through --request-target, and an ordinary one in the URL alone', () => {
    const lines = (url: string): string[] => toCurl(hook('GET', url, []), new Uint8Array()).split(' \\\n  ');
    assert.deepEqual(lines('/a#b'), [
      `curl -X GET 'http://127.0.0.1:8787/'`,
      `-g --path-as-is --proto '=http,https' --proto-redir '=http,https'`,
      `--request-target '/a#b'`,
      `-H 'User-Agent:' -H 'Accept:'`,
    ]);
    assert.deepEqual(lines('/a?b'), [
      `curl -X GET 'http://127.0.0.1:8787/a?b'`,
      `-g --path-as-is --proto '=http,https' --proto-redir '=http,https'`,
      `-H 'User-Agent:' -H 'Accept:'`,
    ]);
  });

  it('adds no removal of curl defaults when the hook had them all', () => {
    const h = hook('GET', '/x', [
      ['User-Agent', 'GitHub-Hookshot/1'],
      ['accept', '*/*'],
    ]);
    assert.deepEqual(toCurl(h, new Uint8Array()).split(' \\\n  '), [
      `curl -X GET 'http://127.0.0.1:8787/x'`,
      `-g --path-as-is --proto '=http,https' --proto-redir '=http,https'`,
      `-H 'User-Agent: GitHub-Hookshot/1'`,
      `-H 'accept: */*'`,
    ]);
  });

  it('sends binary bodies through base64 on stdin, in lines of 76 characters', () => {
    const body = Buffer.alloc(57 * 2, 0xff);
    const b64 = Buffer.alloc(57, 0xff).toString('base64');
    assert.equal(b64.length, 76);
    assert.equal(
      toCurl(hook('POST', '/bin', []), body),
      [
        `{ base64 -d <<'PUSHPULL_BODY'`,
        b64,
        b64,
        'PUSHPULL_BODY',
        `} | curl 'http://127.0.0.1:8787/bin' \\\n  -g --path-as-is --proto '=http,https' --proto-redir '=http,https' \\\n  -H 'User-Agent:' -H 'Accept:' -H 'Content-Type:' -H 'Expect:' \\\n  --data-binary @-`,
      ].join('\n'),
    );
  });

  it('pastes text bodies up to the inline limit and sends bigger ones through stdin', () => {
    const command = (size: number): string => toCurl(hook('POST', '/t', []), Buffer.alloc(size, 'a'));
    assert.match(command(INLINE_BODY_BYTES), /--data-raw 'a+'$/);
    assert.match(command(INLINE_BODY_BYTES + 1), /--data-binary @-$/);
    assert.match(command(1), /--data-raw 'a'$/);
    // Bytes that are not UTF-8 never go on the command line, even when short and free of NUL.
    assert.match(toCurl(hook('POST', '/t', []), Buffer.from([0xc3, 0x28])), /--data-binary @-$/);
  });
});

describe('Copy as cURL run for real: what arrives', function () {
  this.timeout(60_000);
  let received: Received[];
  let server: Awaited<ReturnType<typeof recordingServer>>;
  beforeEach(async () => {
    server = await recordingServer();
    received = server.received;
  });
  afterEach(() => server.close());

  async function run(h: HookMeta, body: Uint8Array): Promise<Received> {
    await bash(`${toCurl(h, body, `${server.url}${h.url}`)} --silent --show-error --output /dev/null --max-time 20`);
    assert.equal(received.length, 1);
    return received[0] as Received;
  }
  const others = (got: Received): Array<[string, string]> => got.headers.filter(([n]) => !/^host$/i.test(n));

  it('a POST with an empty body and Content-Length: 0 arrives as one, with no Content-Type', async () => {
    const got = await run(hook('POST', '/empty', [['Content-Length', '0']]), new Uint8Array());
    assert.equal(got.method, 'POST');
    assert.deepEqual(others(got), [['Content-Length', '0']]);
    assert.equal(got.body.length, 0);
  });

  it('a GET without a body arrives without Content-Length or any header the hook did not have', async () => {
    const got = await run(hook('GET', '/status?x=1', [['X-Trace', 'abc']]), new Uint8Array());
    assert.equal(got.method, 'GET');
    assert.equal(got.url, '/status?x=1');
    assert.deepEqual(others(got), [['X-Trace', 'abc']]);
  });

  it("a hook's own User-Agent, Accept, Content-Type and empty headers arrive as they were", async () => {
    const headers: Array<[string, string]> = [
      ['User-Agent', 'Stripe/1.0'],
      ['Accept', 'application/json'],
      ['Content-Type', 'text/plain'],
      ['X-Empty', ''],
    ];
    const got = await run(hook('PUT', '/own', headers), Buffer.from('hi'));
    assert.equal(got.method, 'PUT');
    assert.deepEqual(
      others(got).filter(([n]) => n !== 'Content-Length'),
      headers,
    );
    assert.equal(got.body.toString(), 'hi');
  });

  it('leaves out headers that cannot be one header line and sends the rest', async () => {
    const h = hook('POST', '/h', [
      ['X-Before', '1'],
      ['Bad Name', 'v'],
      ['X-Break', 'a\r\nX-Injected: 1'],
      ['X-Nul', 'a\0b'],
      ['X-After', '2'],
    ]);
    const got = await run(h, Buffer.from('x'));
    assert.deepEqual(
      others(got).filter(([n]) => n !== 'Content-Length'),
      [
        ['X-Before', '1'],
        ['X-After', '2'],
      ],
    );
  });

  it('sends a text body just over the inline limit, through stdin, byte for byte', async () => {
    const body = Buffer.alloc(INLINE_BODY_BYTES + 1, 'a');
    const got = await run(hook('POST', '/big', []), body);
    assert.deepEqual(got.body, body);
  });
});
