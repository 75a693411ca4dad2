import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { killChildren } from './cliProcess';
import { forwardProxy, recordingServer, runSend } from './cliSendRun';
import { tempDir } from './helpers';
import type { TestServer } from './http/servers';

const VERSION = (
  JSON.parse(require('node:fs').readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
    version: string;
  }
).version;

describe('pushpull send (the real executable)', function () {
  this.timeout(30_000);
  const servers: TestServer[] = [];
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir('pushpull-cli-send-');
  });
  afterEach(async () => {
    await killChildren();
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function server(...args: Parameters<typeof recordingServer>): ReturnType<typeof recordingServer> {
    const s = await recordingServer(...args);
    servers.push(s);
    return s;
  }

  it('GETs a URL, prints the body to stdout and a summary to stderr, sends PushPull/<version> as User-Agent', async () => {
    const s = await server();
    const ran = await runSend([`${s.url}/path?q=1`]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout.toString(), 'hello');
    assert.match(ran.stderr, /^200 OK · \d+ ms · 5 B\n$/);
    assert.equal(s.seen.length, 1);
    assert.equal(s.seen[0]?.method, 'GET');
    assert.equal(s.seen[0]?.url, '/path?q=1');
    assert.equal(s.seen[0]?.headers['user-agent'], `PushPull/${VERSION}`);
  });

  it('completes a URL without a scheme, sends -H headers in place of the defaults, and --include prints the head', async () => {
    const s = await server((_req, res) => {
      res.writeHead(201, 'Made', { 'x-answer': 'yes\tthere' });
      res.end();
    });
    const ran = await runSend([
      'put',
      `127.0.0.1:${s.port}/thing`,
      '-H',
      'X-One: 1',
      '-H',
      'User-Agent: mine/2',
      '--include',
    ]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(s.seen[0]?.method, 'PUT');
    assert.equal(s.seen[0]?.headers['x-one'], '1');
    assert.equal(s.seen[0]?.headers['user-agent'], 'mine/2');
    assert.match(ran.stderr, /^HTTP\/1\.1 201 Made\n/);
    // A header value's control characters are shown escaped, never acted on by the terminal.
    assert.match(ran.stderr, /^x-answer: yes\\tthere$/m);
    assert.doesNotMatch(ran.stderr, /\t/);
  });

  it('POSTs --json with Content-Type application/json and -d with the form type, as curl does', async () => {
    const s = await server();
    const json = await runSend([s.url, '--json', '{"a":[1,2]}']);
    assert.equal(json.code, 0, json.stderr);
    const form = await runSend([s.url, '-d', 'a=1&b=two']);
    assert.equal(form.code, 0, form.stderr);
    const own = await runSend(['PATCH', s.url, '--json', '[]', '-H', 'content-type: application/merge-patch+json']);
    assert.equal(own.code, 0, own.stderr);
    assert.deepEqual(
      s.seen.map((r) => [r.method, r.headers['content-type'], r.body.toString()]),
      [
        ['POST', 'application/json', '{"a":[1,2]}'],
        ['POST', 'application/x-www-form-urlencoded', 'a=1&b=two'],
        ['PATCH', 'application/merge-patch+json', '[]'],
      ],
    );
  });

  it('sends a --data-file as it is and writes a body over 1 MiB to --output with exactly the bytes sent', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919 + (i >> 11)) & 0xff;
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(big);
    });
    const upload = path.join(dir, 'upload.bin');
    await fs.writeFile(upload, Buffer.from([0, 1, 2, 255]));
    const output = path.join(dir, 'answer.bin');
    const ran = await runSend([s.url, '--data-file', upload, '--output', output]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout.length, 0);
    assert.match(ran.stderr, /^200 OK · \d+ ms · 3\.0 MB\n$/);
    assert.deepEqual(s.seen[0]?.body, Buffer.from([0, 1, 2, 255]));
    assert.equal(s.seen[0]?.headers['content-type'], 'application/octet-stream');
    const written = await fs.readFile(output);
    assert.equal(written.length, big.length);
    assert.equal(createHash('sha256').update(written).digest('hex'), createHash('sha256').update(big).digest('hex'));
  });

  it('goes through the proxy HTTP_PROXY names', async () => {
    const s = await server();
    const proxy = await forwardProxy();
    servers.push(proxy);
    const ran = await runSend([`${s.url}/via`], { HTTP_PROXY: proxy.url, http_proxy: proxy.url });
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout.toString(), 'hello');
    assert.deepEqual(proxy.seen, [`GET ${s.url}/via`]);
    assert.equal(s.seen.length, 1);
  });

  it('exits 1 for a 4xx answer, still printing its body', async () => {
    const s = await server((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('no such thing');
    });
    const ran = await runSend([`${s.url}/missing`]);
    assert.equal(ran.code, 1);
    assert.equal(ran.stdout.toString(), 'no such thing');
    assert.match(ran.stderr, /^404 Not Found · /);
  });

  it('exits 3 with the sender code when there is no answer in --timeout, and when nothing listens', async () => {
    const s = await server(() => undefined); // reads the request, never answers
    const slow = await runSend([s.url, '--timeout', '0.3']);
    assert.equal(slow.code, 3);
    assert.equal(slow.stdout.length, 0);
    assert.match(slow.stderr, /^pushpull send: TIMEOUT: .+\n$/);
    const closed = await server();
    await closed.close();
    const refused = await runSend([closed.url]);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /^pushpull send: CONNECTION_REFUSED: .+\n$/);
  });

  it('follows redirects unless --no-follow, and --json-out gives status, headers, redirects and the body', async () => {
    const s = await server((req, res) => {
      if (req.url === '/old') res.writeHead(302, { location: '/new' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"here":true}');
    });
    const followed = await runSend([`${s.url}/old`, '--json-out']);
    assert.equal(followed.code, 0, followed.stderr);
    assert.equal(followed.stderr, '');
    const out = JSON.parse(followed.stdout.toString()) as Record<string, unknown>;
    assert.equal(out.status, 200);
    assert.equal(out.url, `${s.url}/new`);
    assert.equal(out.body, '{"here":true}');
    assert.equal(out.size, 13);
    assert.deepEqual(
      (out.redirects as Array<{ status: number }>).map((r) => r.status),
      [302],
    );
    assert.ok(
      (out.headers as string[][]).some(([n, v]) => n?.toLowerCase() === 'content-type' && v === 'application/json'),
    );
    assert.equal(typeof (out.timings as { total: unknown }).total, 'number');
    const stopped = await runSend([`${s.url}/old`, '--no-follow', '--json-out']);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.equal((JSON.parse(stopped.stdout.toString()) as { status: number }).status, 302);
  });

  it('--help explains the verb and its exit codes', async () => {
    const ran = await runSend(['--help']);
    assert.equal(ran.code, 0);
    assert.match(ran.stdout.toString(), /^Usage: pushpull send /);
    assert.match(ran.stdout.toString(), /1 answered 4xx\/5xx/);
    assert.match(ran.stdout.toString(), /3 no answer/);
  });

  it('refuses bad calls with exit 2 and one line naming the problem, sending nothing', async () => {
    const s = await server();
    const cases: Array<[string[], RegExp]> = [
      [[], /a URL is needed/],
      [['GET', s.url, 'extra'], /expected \[METHOD\] URL/],
      [['G(T', s.url], /"G\(T" is not an HTTP method/],
      [[s.url, '-H', 'no colon'], /-H takes "Name: value"/],
      [[s.url, '-H', 'Bad Name: x'], /"Bad Name" is not a valid header name/],
      [[s.url, '-d', 'a', '--json', '{}'], /give one body/],
      [[s.url, '--json', '{nope'], /--json is not valid JSON/],
      [[s.url, '--timeout', 'soon'], /--timeout takes seconds/],
      [[s.url, '--environment', 'dev'], /--environment needs --env FILE/],
      [[s.url, '--data-file', path.join(dir, 'absent')], /--data-file .* cannot be read: ENOENT/],
      [[s.url, '--frobnicate'], /Unknown option '--frobnicate'/],
    ];
    for (const [args, message] of cases) {
      const ran = await runSend(args);
      assert.equal(ran.code, 2, `${args.join(' ')}: ${ran.stderr}`);
      assert.equal(ran.stdout.length, 0);
      assert.match(ran.stderr, message);
      assert.match(ran.stderr, /^pushpull send: [^\n]+\n$/);
    }
    assert.equal(s.seen.length, 0);
  });
});
