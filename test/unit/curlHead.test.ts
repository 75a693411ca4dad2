import * as assert from 'node:assert/strict';
import type { HookMeta } from '../../src/core/model/hook';
import { toCurl } from '../../src/core/export/curl';
import { replayHeaders } from '../../src/core/export/shared';
import { captureRaw, type Received, recordingServer, runBash } from './curlRun';

describe('Copy as cURL of HEAD requests, run for real with bash and curl', function () {
  this.timeout(60_000);
  let app: Awaited<ReturnType<typeof recordingServer>>;
  beforeEach(async () => (app = await recordingServer()));
  afterEach(() => app.close());

  /** Captures `HEAD /h?x=1` (or another method) with `headers` and `body`, runs its Copy as cURL command and returns what arrived. */
  async function replay(
    headers: string[],
    body: Buffer,
    method = 'HEAD',
  ): Promise<{ command: string; hook: HookMeta; got: Received }> {
    const head = [`${method} /h?x=1 HTTP/1.1`, `Host: 127.0.0.1:${app.port}`, ...headers, 'Connection: close', '', ''];
    const captured = await captureRaw(() => Buffer.concat([Buffer.from(head.join('\r\n'), 'latin1'), body]));
    assert.deepEqual(Buffer.from(captured.body), body, 'the listener kept the body of the HEAD request');
    const command = toCurl(captured.hook, captured.body);
    const result = await runBash(`${command} --silent --show-error --output /dev/null`);
    assert.equal(result.code, 0, `curl exited ${result.code}:\n${result.stderr}\n${command}`);
    assert.equal(app.received.length, 1, 'exactly one request arrived');
    return { command, hook: captured.hook, got: app.received[0] as Received };
  }

  /** The hook's headers a replay sends, and Content-Length when it has a body. */
  function expectedHeaders(hook: HookMeta, body: Buffer): Array<[string, string]> {
    const sent = replayHeaders(hook).map(([n, v]): [string, string] => [n, v]);
    return body.length > 0 ? [...sent, ['Content-Length', String(body.length)]] : sent;
  }

  const withoutHost = (got: Received): Array<[string, string]> => got.headers.filter(([n]) => !/^host$/i.test(n));

  it('without a body: curl --head, exit 0, no body and no body headers', async () => {
    const { command, hook, got } = await replay(['Accept: */*', 'X-Probe: 1'], Buffer.alloc(0));
    assert.match(command, /^curl --head /);
    assert.equal(got.method, 'HEAD');
    assert.equal(got.url, '/h?x=1');
    assert.deepEqual(withoutHost(got), expectedHeaders(hook, Buffer.alloc(0)));
    assert.equal(got.body.length, 0);
  });

  it('with Content-Length: 0 and no body: curl --head too, as a request without a body', async () => {
    const { command, hook, got } = await replay(['Content-Length: 0'], Buffer.alloc(0));
    assert.match(command, /^curl --head /);
    assert.equal(got.method, 'HEAD');
    assert.deepEqual(withoutHost(got), expectedHeaders(hook, Buffer.alloc(0)));
    assert.equal(got.body.length, 0);
  });

  it('with a one-byte body: exit 0, and that byte arrives', async () => {
    const body = Buffer.from('x');
    const { hook, got } = await replay(['Content-Length: 1'], body);
    assert.equal(got.method, 'HEAD');
    assert.deepEqual(withoutHost(got), expectedHeaders(hook, body));
    assert.deepEqual(got.body, body);
  });

  it('with a text body: exit 0, and the method, headers and body bytes arrive exactly', async () => {
    const body = Buffer.from('{"check":"it\'s here"}');
    const { command, hook, got } = await replay(
      ['Content-Type: application/json', `Content-Length: ${body.length}`],
      body,
    );
    assert.doesNotMatch(command, /--head/);
    assert.match(command, /--data-raw /);
    assert.equal(got.method, 'HEAD');
    assert.equal(got.url, '/h?x=1');
    assert.deepEqual(withoutHost(got), expectedHeaders(hook, body));
    assert.deepEqual(got.body, body);
  });

  it('with a binary body sent through stdin: exit 0, and the bytes arrive exactly', async () => {
    const body = Buffer.from([0x00, 0xff, 0x27, 0x0a, 0x41, 0x00]);
    const { command, hook, got } = await replay([`Content-Length: ${body.length}`], body);
    assert.ok(command.includes('--data-binary @-'), command);
    assert.doesNotMatch(command, /--head/);
    assert.equal(got.method, 'HEAD');
    assert.deepEqual(withoutHost(got), expectedHeaders(hook, body));
    assert.deepEqual(got.body, body);
  });

  it('GET and DELETE without a body stay themselves: never --head', async () => {
    for (const method of ['GET', 'DELETE']) {
      app.received.length = 0;
      const { command, hook, got } = await replay(['Accept: */*'], Buffer.alloc(0), method);
      assert.doesNotMatch(command, /--head/);
      assert.equal(got.method, method);
      assert.deepEqual(withoutHost(got), expectedHeaders(hook, Buffer.alloc(0)));
    }
  });
});
