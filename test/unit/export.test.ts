import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as http from 'node:http';
import { silentLogger } from '../../src/core/clock';
import type { HookMeta } from '../../src/core/model/hook';
import { inspectBody } from '../../src/core/hooks/inspect';
import { HookListener } from '../../src/core/hooks/listener';
import { toCurl } from '../../src/core/export/curl';
import { toHar } from '../../src/core/export/har';
import { toHttpRequest } from '../../src/core/export/httpFile';
import { MemoryHookStore } from '../../src/core/store/memoryHookStore';
import { send, startServer } from './helpers';

const harValidator = require('har-validator') as { har(data: unknown): Promise<unknown> };

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Receives one hook through a real listener and returns it with its body. */
async function capture(
  path: string,
  body: Buffer,
  headers: Record<string, string>,
  method = 'POST',
): Promise<{ hook: HookMeta; body: Uint8Array }> {
  const store = new MemoryHookStore();
  const listener = new HookListener(store, { now: () => Date.now() }, silentLogger);
  const address = await listener.start({ port: 0 });
  try {
    await send(`${address.url}${path}`, { method, headers, body });
  } finally {
    await listener.stop();
  }
  const hook = store.newest(1)[0];
  assert.ok(hook);
  return { hook, body: (await store.readBody(hook.id)) ?? new Uint8Array() };
}

async function recorder(): Promise<{ url: string; received: Promise<Received>; close(): Promise<void> }> {
  let resolve!: (r: Received) => void;
  const received = new Promise<Received>((r) => (resolve = r));
  const server = await startServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      resolve({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.end('ok');
    });
  });
  return { url: server.url, received, close: server.close };
}

function bash(script: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('bash', ['-c', script], (error, _stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(),
    ),
  );
}

describe('exports of a received hook', () => {
  const bodies: Array<[string, Buffer]> = [
    ['JSON with quotes', Buffer.from(`{"msg":"it's \\"quoted\\"","n":1}\n`)],
    ['binary with NUL and high bytes', Buffer.from([0x00, 0xff, 0x27, 0x5c, 0x0a, 0x41, 0x00])],
    ['UTF-8 with a control char', Buffer.from('caf\u00e9 \u0001 $HOME `x`')],
  ];
  for (const [name, original] of bodies) {
    it(`Copy as cURL replays the same request: ${name}`, async () => {
      const { hook, body } = await capture('/hooks/x?a=1&b=%20', original, {
        'content-type': 'application/octet-stream',
        'x-signature': "sha256=abc'def",
      });
      const app = await recorder();
      try {
        await bash(`${toCurl(hook, body, `${app.url}${hook.url}`)} --silent --output /dev/null`);
        const got = await app.received;
        assert.equal(got.method, 'POST');
        assert.equal(got.url, '/hooks/x?a=1&b=%20');
        assert.equal(got.headers['x-signature'], "sha256=abc'def");
        assert.equal(got.headers['content-type'], 'application/octet-stream');
        assert.deepEqual(got.body, original);
      } finally {
        await app.close();
      }
    });
  }

  it('Copy as .http gives the request line, headers and body text', async () => {
    const { hook, body } = await capture('/gh?x=1', Buffer.from('{"a":1}'), {
      'content-type': 'application/json',
      'X-GitHub-Event': 'push',
    });
    const text = toHttpRequest(hook, body, 'http://localhost:3000/gh?x=1');
    const lines = text.split('\n');
    assert.match(lines[0] ?? '', /^# POST \/gh received /);
    assert.equal(lines[1], 'POST http://localhost:3000/gh?x=1 HTTP/1.1');
    assert.ok(lines.includes('content-type: application/json'));
    assert.ok(lines.includes('X-GitHub-Event: push'));
    assert.ok(!lines.some((l) => /^host:/i.test(l) || /^content-length:/i.test(l)));
    assert.ok(text.endsWith('\n\n{"a":1}\n'));
  });

  it('Copy as .http points binary bodies to a file instead of pasting bytes', async () => {
    const { hook, body } = await capture('/bin', Buffer.from([0xff, 0x00]), {
      'content-type': 'application/octet-stream',
    });
    const text = toHttpRequest(hook, body);
    const file = `bin-${hook.id}.bin`;
    assert.ok(text.includes(`# The body (2 bytes, sha256 ${hook.bodySha256}) is not pasted here because it is binary`));
    assert.ok(text.includes(`# Save it with "Save Body As…" as ${file} next to this .http file`), text);
    assert.ok(text.endsWith(`\n\n< ./${file}\n`), text);
  });

  it('exports HAR 1.2 that validates against the HAR schema', async () => {
    const json = await capture('/stripe?x=1', Buffer.from('{"type":"charge.succeeded"}'), {
      'content-type': 'application/json',
    });
    const binary = await capture('/bin', Buffer.from([0xff, 0x00, 0x01]), { 'content-type': 'image/png' }, 'PUT');
    const har = toHar([json, binary], '0.1.0') as { log: { entries: Array<{ request: Record<string, unknown> }> } };
    await harValidator.har(har); // rejects with the schema errors when invalid
    await assert.rejects(
      harValidator.har({ log: { ...har.log, version: 1.2, entries: [{}] } }),
      'the validator must catch a broken HAR',
    );
    const [first, second] = har.log.entries;
    assert.deepEqual(first?.request.queryString, [{ name: 'x', value: '1' }]);
    assert.deepEqual(first?.request.postData, { mimeType: 'application/json', text: '{"type":"charge.succeeded"}' });
    assert.deepEqual(second?.request.postData, {
      mimeType: 'image/png',
      text: Buffer.from([0xff, 0x00, 0x01]).toString('base64'),
      encoding: 'base64',
      comment: 'base64-encoded binary body',
    });
    assert.equal(second?.request.method, 'PUT');
  });
});

describe('event types', () => {
  const event = (headers: Array<[string, string]>, body: unknown): string | undefined =>
    inspectBody(headers, Buffer.from(JSON.stringify(body)), 'application/json').event;

  it('names GitHub events with their action', () => {
    assert.equal(event([['X-GitHub-Event', 'pull_request']], { action: 'opened' }), 'pull_request.opened');
    assert.equal(event([['x-github-event', 'push']], { ref: 'x' }), 'push');
  });

  it('reads Stripe, Standard Webhooks, Slack, GitLab and Shopify event names', () => {
    assert.equal(event([], { id: 'evt_1', type: 'charge.succeeded' }), 'charge.succeeded');
    assert.equal(event([], { type: 'event_callback', event: { type: 'app_mention' } }), 'app_mention');
    assert.equal(event([['X-Gitlab-Event', 'Push Hook']], {}), 'Push Hook');
    assert.equal(event([['X-Shopify-Topic', 'orders/create']], {}), 'orders/create');
    assert.equal(event([], { event_type: 'build.finished' }), 'build.finished');
  });

  it('ignores non-string and hostile values and caps the length', () => {
    assert.equal(event([], { type: { nested: true } }), undefined);
    assert.equal(event([], ['type']), undefined);
    assert.equal(inspectBody([], Buffer.from('{"__proto__":{"type":"x"}}'), 'application/json').event, undefined);
    assert.equal(event([], { type: 'x'.repeat(500) })?.length, 100);
  });
});
