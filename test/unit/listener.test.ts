import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import { silentLogger } from '../../src/core/clock';
import type { HookMeta } from '../../src/core/model/hook';
import { PortInUseError } from '../../src/core/hooks/errors';
import { isPortFree, nextFreePort } from '../../src/core/hooks/freePort';
import { HookListener } from '../../src/core/hooks/listener';
import { DurableHookStore } from '../../src/core/store/durable';
import { send, tempDir } from './helpers';

describe('HookListener', () => {
  let store: DurableHookStore;
  let dir: string;
  let listener: HookListener;
  const clock = { now: () => 1_750_000_000_000 };

  // The durable store in a temporary folder, as the product keeps hooks.
  beforeEach(async () => {
    dir = await tempDir('pushpull-listener-');
    store = await DurableHookStore.open(dir);
    listener = new HookListener(store, clock, silentLogger);
  });
  afterEach(async () => {
    await listener.stop();
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('captures method, url, headers in arrival order with duplicates, and the exact body bytes', async () => {
    const address = await listener.start({ host: '127.0.0.1', port: 0, maxBodyBytes: 1024 });
    const body = Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x80, 0x0a]);
    const answer = await send(`${address.url}/github/push?b=2&a=1`, {
      method: 'PUT',
      headers: ['Host', 'hooks.test', 'X-B', 'one', 'Content-Type', 'application/octet-stream', 'x-b', 'two'],
      body,
    });
    assert.equal(answer.status, 200);
    const [hook] = store.list();
    assert.ok(hook);
    assert.deepEqual(JSON.parse(answer.body.toString()), { ok: true, id: hook.id });
    assert.equal(hook.method, 'PUT');
    assert.equal(hook.url, '/github/push?b=2&a=1');
    assert.equal(hook.path, '/github/push');
    assert.deepEqual(Buffer.from((await store.readBody(hook.id)) ?? []), body);
    assert.equal(hook.bodySize, body.length);
    assert.equal(hook.bodySha256, createHash('sha256').update(body).digest('hex'));
    const names = hook.headers.map(([n]) => n);
    assert.deepEqual(names.slice(0, 4), ['Host', 'X-B', 'Content-Type', 'x-b']);
    assert.deepEqual(
      hook.headers.filter(([n]) => n.toLowerCase() === 'x-b').map(([, v]) => v),
      ['one', 'two'],
    );
    assert.equal(hook.receivedAt, clock.now());
    assert.equal(hook.remoteAddress, '127.0.0.1');
    assert.equal(hook.httpVersion, '1.1');
  });

  it('gives ids that sort by arrival, even within the same millisecond', async () => {
    const address = await listener.start({ host: '127.0.0.1', port: 0, maxBodyBytes: 1024 });
    for (let i = 0; i < 5; i++) await send(`${address.url}/n/${i}`, { body: String(i) });
    const oldestFirst = [...store.list()].reverse();
    assert.deepEqual(
      oldestFirst.map((h) => h.path),
      ['/n/0', '/n/1', '/n/2', '/n/3', '/n/4'],
    );
    const ids = oldestFirst.map((h) => h.id);
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, 5);
  });

  it('fires the event only after the hook is stored', async () => {
    const address = await listener.start({ host: '127.0.0.1', port: 0, maxBodyBytes: 1024 });
    const seen: Array<{ hook: HookMeta; stored: boolean }> = [];
    const subscription = listener.onDidReceive((hook) => seen.push({ hook, stored: store.get(hook.id) !== undefined }));
    await send(`${address.url}/x`, { body: '{}' });
    subscription.dispose();
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.stored, true);
  });

  it('answers 413 when Content-Length is over the limit and stores nothing', async () => {
    const address = await listener.start({ host: '127.0.0.1', port: 0, maxBodyBytes: 10 });
    const answer = await send(`${address.url}/big`, { body: 'x'.repeat(11) });
    assert.equal(answer.status, 413);
    assert.equal(store.size, 0);
  });

  it('answers 413 when a chunked body grows over the limit and stores nothing', async () => {
    const address = await listener.start({ host: '127.0.0.1', port: 0, maxBodyBytes: 10 });
    const answer = await send(`${address.url}/big`, {
      headers: { 'transfer-encoding': 'chunked' },
      body: 'y'.repeat(50),
    });
    assert.equal(answer.status, 413);
    assert.equal(store.size, 0);
  });

  it('reports a port in use with a stable code and leaves nothing half-started', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await assert.rejects(listener.start({ host: '127.0.0.1', port, maxBodyBytes: 10 }), (error: unknown) => {
        assert.ok(error instanceof PortInUseError);
        assert.equal(error.code, 'PORT_IN_USE');
        assert.equal(error.port, port);
        assert.match(error.message, new RegExp(String(port)));
        return true;
      });
      assert.equal(listener.address, undefined);
      const free = await nextFreePort('127.0.0.1', port);
      assert.ok(free !== undefined && free > port);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('frees the port on stop', async () => {
    const address = await listener.start({ host: '127.0.0.1', port: 0, maxBodyBytes: 10 });
    assert.equal(await isPortFree('127.0.0.1', address.port), false);
    await listener.stop();
    assert.equal(listener.address, undefined);
    assert.equal(await isPortFree('127.0.0.1', address.port), true);
  });
});
