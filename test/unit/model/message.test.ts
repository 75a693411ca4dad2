import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sendRequest } from '../../../src/core/http/send';
import type { Exchange, HttpRequest } from '../../../src/core/model/exchange';
import { type Message, messageOfHook, messagesOfExchange } from '../../../src/core/model/message';
import { listenerPerTest, startServer } from '../helpers';

/** Sends `request` with the pull side's sender and keeps it as the request panel does. */
async function exchangeOf(request: HttpRequest, maxBodyBytes = 1024): Promise<Exchange> {
  const startedAt = Date.now();
  const response = await sendRequest(request, { timeoutMs: 5000, maxBodyBytes });
  return { id: `${startedAt}-1`, startedAt, request, response };
}

function text(message: Message): string {
  assert.equal(message.body.kind, 'bytes');
  return message.body.kind === 'bytes' ? Buffer.from(message.body.bytes).toString('utf8') : '';
}

describe('model/message: hooks and exchanges in one shape', () => {
  const fixture = listenerPerTest();

  it('maps a received hook to a request message whose body refers to the stored bytes', async () => {
    const address = await fixture.listener.start({ host: '127.0.0.1', port: 0, maxBodyBytes: 1024 });
    const body = '{"é":1}';
    await exchangeOf({
      method: 'POST',
      url: `${address.url}/github/push?a=1`,
      headers: [
        ['X-B', 'one'],
        ['Content-Type', 'application/json'],
        ['x-b', 'two'],
      ],
      body,
    });
    const [hook] = fixture.store.list();
    assert.ok(hook);
    const message = messageOfHook(hook);
    assert.equal(message.method, 'POST');
    assert.equal(message.url, hook.fullUrl);
    assert.ok(message.url.endsWith('/github/push?a=1'));
    assert.deepEqual(message.headers, hook.headers, 'the headers as received, in order');
    assert.deepEqual(
      message.headers.filter(([n]) => /^(x-b|content-type)$/i.test(n)),
      [
        ['X-B', 'one'],
        ['Content-Type', 'application/json'],
        ['x-b', 'two'],
      ],
    );
    const bytes = Buffer.from(body, 'utf8');
    assert.deepEqual(message.body, {
      kind: 'storedHook',
      hookId: hook.id,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    assert.equal(message.status, undefined);
    assert.equal(message.time, hook.receivedAt);
    assert.ok(!('status' in message));

    const stored = await fixture.store.readBody(hook.id);
    assert.ok(stored);
    const withBytes = messageOfHook(hook, stored);
    assert.equal(text(withBytes), body);
    assert.deepEqual({ ...withBytes, body: undefined }, { ...message, body: undefined });
  });

  it('maps an exchange to a request message and a response message with its status', async () => {
    const server = await startServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(
          201,
          [
            ['X-Seen', req.method ?? ''],
            ['Content-Type', 'text/plain'],
            ['x-seen', 'again'],
          ].flat(),
        );
        res.end(`got ${Buffer.concat(chunks).toString('utf8')}`);
      });
    });
    try {
      const exchange = await exchangeOf({
        method: 'put',
        url: `${server.url}/items/1`,
        headers: [['Content-Type', 'text/plain']],
        body: 'ünïcode',
      });
      const { request, response } = messagesOfExchange(exchange);

      assert.equal(request.method, 'PUT', 'the method as it went on the wire');
      assert.equal(request.url, `${server.url}/items/1`);
      assert.deepEqual(request.headers, [['Content-Type', 'text/plain']]);
      assert.deepEqual(request.body, { kind: 'bytes', bytes: new Uint8Array(Buffer.from('ünïcode', 'utf8')) });
      assert.equal(request.time, exchange.startedAt);
      assert.ok(!('status' in request));

      assert.equal(response.method, 'PUT', 'a response names the request it answers');
      assert.equal(response.url, request.url);
      assert.equal(response.status, 201);
      assert.deepEqual(
        response.headers.filter(([n]) => /^x-seen$/i.test(n)),
        [
          ['X-Seen', 'PUT'],
          ['x-seen', 'again'],
        ],
      );
      assert.equal(text(response), 'got ünïcode');
      assert.ok(response.body.kind === 'bytes' && response.body.truncated === undefined);
      assert.equal(response.time, exchange.startedAt + Math.round(exchange.response.timings.total));
      assert.ok(response.time >= request.time);
    } finally {
      await server.close();
    }
  });

  it('keeps an empty request body as no bytes, and says when a response body was cut', async () => {
    const server = await startServer((_req, res) => res.end('x'.repeat(100)));
    try {
      const exchange = await exchangeOf({ method: 'GET', url: `${server.url}/big`, headers: [] }, 10);
      const { request, response } = messagesOfExchange(exchange);
      assert.deepEqual(request.body, { kind: 'bytes', bytes: new Uint8Array(0) });
      assert.ok(response.body.kind === 'bytes');
      assert.deepEqual(Buffer.from(response.body.bytes), Buffer.from('x'.repeat(10)));
      assert.equal(response.body.truncated, true);
    } finally {
      await server.close();
    }
  });

  it('gives the same message for a request whether it was sent (pull) or received (push)', async () => {
    const address = await fixture.listener.start({ host: '127.0.0.1', port: 0, maxBodyBytes: 1024 });
    const exchange = await exchangeOf({
      method: 'PATCH',
      url: `${address.url}/same?x=1`,
      headers: [
        ['X-One', '1'],
        ['X-Two', '2'],
      ],
      body: '{"same":true}',
    });
    const [hook] = fixture.store.list();
    assert.ok(hook);
    const pushed = messageOfHook(hook, await fixture.store.readBody(hook.id));
    const { request: pulled } = messagesOfExchange(exchange);
    assert.equal(pushed.method, pulled.method);
    assert.equal(new URL(pushed.url).pathname + new URL(pushed.url).search, '/same?x=1');
    assert.equal(new URL(pulled.url).pathname + new URL(pulled.url).search, '/same?x=1');
    assert.equal(text(pushed), text(pulled));
    const sent = pulled.headers.map(([n, v]) => `${n}: ${v}`);
    const received = pushed.headers.map(([n, v]) => `${n}: ${v}`);
    assert.deepEqual(
      received.filter((line) => sent.includes(line)),
      sent,
      'the sent headers arrive, in order',
    );
    assert.deepEqual(Object.keys(pushed).sort(), Object.keys(pulled).sort());
  });
});
