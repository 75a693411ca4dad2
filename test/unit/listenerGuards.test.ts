import * as assert from 'node:assert/strict';
import { silentLogger } from '../../src/core/clock';
import { HookListener } from '../../src/core/hooks/listener';
import { parseRoutes } from '../../src/core/hooks/routes';
import { pointsAt } from '../../src/core/hooks/selfTarget';
import { MemoryHookStore } from '../../src/core/store/memoryHookStore';
import { listenerPerTest, rawExchange, send } from './helpers';

describe('HookListener guards', () => {
  const fixture = listenerPerTest();

  it('keeps every header of a head under the size limit, however many there are', async () => {
    const address = await fixture.listener.start({ port: 0 });
    const many = Array.from({ length: 1100 }, (_, i) => `X-${i}: ${i}\r\n`).join('');
    const head = `POST /many HTTP/1.1\r\nHost: x\r\n${many}X-Hub-Signature-256: sha256=00\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}`;
    assert.ok(head.length < 16 * 1024);
    const { text } = await rawExchange(address, [head, '']);
    assert.match(text, /^HTTP\/1\.1 200 /);
    const hook = fixture.store.list()[0];
    assert.ok(hook);
    assert.equal(hook.headers.length, 1 + 1100 + 3);
    assert.deepEqual(hook.headers.at(-3), ['X-Hub-Signature-256', 'sha256=00']);
  });

  it("answers with the route's own Content-Type, whatever its case, and only that one", async () => {
    const routes = parseRoutes([
      { name: 't', pathPrefix: '/t', response: { status: 200, headers: { 'Content-Type': 'text/plain' }, body: 'ok' } },
    ]);
    const address = await fixture.listener.start({ port: 0, routes });
    const { text } = await rawExchange(address, [
      'POST /t HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
    ]);
    const types = text
      .split('\r\n\r\n')[0]
      ?.split('\r\n')
      .filter((line) => /^content-type:/i.test(line));
    assert.deepEqual(types, ['Content-Type: text/plain']);
    const plain = await send(`${address.url}/other`, { body: '{}' });
    assert.equal(plain.headers['content-type'], 'application/json');
  });

  it('stores nothing sent behind a request refused as too large, since the connection closes unanswered', async () => {
    const address = await fixture.listener.start({ port: 0, maxBodyBytes: 10 });
    const { text } = await rawExchange(address, [
      'POST /too-big HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nxxxxxxxxxxx' +
        'POST /after HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nz',
    ]);
    assert.match(text, /^HTTP\/1\.1 413 /);
    assert.doesNotMatch(text, /HTTP\/1\.1 200/);
    // The listener was done with that connection before it closed it; a request after it is stored, and alone.
    assert.equal((await send(`${address.url}/later`, { body: 'z' })).status, 200);
    assert.deepEqual(
      fixture.store.list().map((hook) => hook.path),
      ['/later'],
    );
  });

  it('gives ids after the newest stored one when the clock has been set back since', async () => {
    const store = new MemoryHookStore();
    const first = new HookListener(store, { now: () => 1_800_000_000_000 }, silentLogger);
    const a = await first.start({ port: 0 });
    await send(`${a.url}/before`, { body: '{}' });
    await first.stop();
    const later = new HookListener(store, { now: () => 1_800_000_000_000 - 3_600_000 }, silentLogger);
    try {
      const b = await later.start({ port: 0 });
      await send(`${b.url}/after`, { body: '{}' });
      const [newest, older] = store.list();
      assert.equal(newest?.path, '/after');
      assert.ok(newest && older && newest.id > older.id, `${newest?.id} must sort after ${older?.id}`);
    } finally {
      await later.stop();
    }
  });

  it('does not forward a hook to the listener itself, and says why in the forward result', async () => {
    const { listener, store } = fixture;
    const { port, url } = await listener.start({ port: 0 });
    const routes = parseRoutes([{ name: 'loop', pathPrefix: '/', forwardTo: `http://localhost:${port}/` }]);
    await listener.start({ port, routes });
    const forwarded = new Promise<string>((resolve) => listener.onDidForward(resolve));
    assert.equal((await send(`${url}/once`, { body: '{}' })).status, 200);
    const id = store.list()[0]?.id ?? '';
    assert.equal(await forwarded, id);
    // A forward sent to the listener would have been stored before it was answered and its result recorded.
    assert.equal(store.size, 1, 'one hook, not a loop of them');
    assert.match(store.get(id)?.forward?.error ?? '', /this listener/);
  });

  it('tells a target that is the listener from one that is not', () => {
    const here = { host: '127.0.0.1', port: 8787 };
    assert.equal(pointsAt('http://127.0.0.1:8787/x', here), true);
    assert.equal(pointsAt('http://localhost:8787', here), true);
    assert.equal(pointsAt('http://[::1]:8787/', here), false, 'another socket');
    assert.equal(pointsAt('http://127.0.0.2:8787/', here), false, 'another socket');
    assert.equal(pointsAt('http://127.0.0.1:8788/', here), false);
    assert.equal(pointsAt('http://example.com:8787/', here), false);
    assert.equal(pointsAt('http://127.0.0.1/', { host: '127.0.0.1', port: 80 }), true);
    assert.equal(pointsAt('https://127.0.0.1/', { host: '127.0.0.1', port: 80 }), false);
    assert.equal(pointsAt('http://10.1.2.3:8787/', { host: '0.0.0.0', port: 8787 }), false);
    assert.equal(pointsAt('http://localhost:8787/', { host: '0.0.0.0', port: 8787 }), true);
    assert.equal(pointsAt('http://localhost:8787/', { host: '192.168.1.5', port: 8787 }), false);
    assert.equal(pointsAt('http://192.168.1.5:8787/', { host: '192.168.1.5', port: 8787 }), true);
  });

  it('keeps OPTIONS * with the server itself as its URL', async () => {
    const address = await fixture.listener.start({ port: 0 });
    const { text } = await rawExchange(address, [
      'OPTIONS * HTTP/1.1\r\nHost: hooks.test\r\nConnection: close\r\n\r\n',
    ]);
    assert.match(text, /^HTTP\/1\.1 200 /);
    const hook = fixture.store.list()[0];
    assert.equal(hook?.method, 'OPTIONS');
    assert.equal(hook?.fullUrl, 'http://hooks.test');
    assert.doesNotThrow(() => new URL(hook?.fullUrl ?? ''));
  });
});
