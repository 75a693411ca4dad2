import * as assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import * as http from 'node:http';
import { parseRoutes } from '../../src/core/hooks/routes';
import { reachesListening } from '../../src/core/hooks/selfTarget';
import { FORWARD_CAME_BACK, FORWARD_LOOP } from '../../src/core/relay/forward';
import { silentLogger } from '../../src/core/clock';
import { HookListener } from '../../src/core/hooks/listener';
import type { HookStore } from '../../src/core/model/hookStore';
import { MemoryHookStore } from '../../src/core/store/memoryHookStore';
import { listenerPerTest, send, startServer, waitUntil } from './helpers';

/**
 * A real HTTP server that passes each request it gets on to `to()` (as a tunnel or a proxy in front of the
 * listener would: path, headers and body) and passes the answer back.
 */
function relayTo(to: () => string): ReturnType<typeof startServer> {
  return startServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = { ...req.headers };
      delete headers.host;
      delete headers.connection;
      const onward = http.request(`${to()}${req.url ?? '/'}`, { method: req.method, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      onward.on('error', () => res.writeHead(502).end());
      onward.end(Buffer.concat(chunks));
    });
  });
}

describe('forward loops', () => {
  const fixture = listenerPerTest();

  /**
   * Listens on `host` with one route forwarding everything to `target(port)`, sends one hook, and resolves once
   * that hook's forward result is recorded. No wait beyond: a result is recorded only after the target answered,
   * which it does only after storing what it got, so a loop would have stored a second hook by then.
   */
  async function forwardOnce(target: (port: number) => string, host = '127.0.0.1'): Promise<void> {
    const { listener, store } = fixture;
    const { port, url } = await listener.start({ host, port: 0 });
    const routes = parseRoutes([{ name: 'loop', pathPrefix: '/', forwardTo: target(port) }]);
    await listener.start({ host, port, routes });
    assert.equal((await send(`${url}/once`, { body: '{}' })).status, 200);
    const id = store.list()[0]?.id ?? '';
    await waitUntil(() => store.get(id)?.forward !== undefined);
  }

  for (const [name, target] of [
    ['0.0.0.0', (port: number) => `http://0.0.0.0:${port}/`],
    ['[::ffff:127.0.0.1]', (port: number) => `http://[::ffff:127.0.0.1]:${port}/`],
    ['0 (with credentials)', (port: number) => `http://alice:s3cr3t@0:${port}/in`],
  ] as const) {
    it(`refuses to forward to ${name} on the listener's own port, sending nothing`, async () => {
      await forwardOnce(target);
      const hooks = fixture.store.list();
      assert.equal(hooks.length, 1, 'one hook, not a loop of them');
      const forward = fixture.store.get(hooks[0]?.id ?? '')?.forward;
      assert.equal(forward?.status, undefined, 'nothing was sent, so nothing answered');
      assert.equal(forward?.error, FORWARD_LOOP);
      assert.doesNotMatch(forward?.target ?? '', /s3cr3t/);
    });
  }

  it('refuses to forward to localhost, and to the address it resolves to, when listening on localhost', async () => {
    const { address, family } = await lookup('localhost');
    const literal = family === 6 ? `[${address}]` : address;
    await forwardOnce((port) => `http://localhost:${port}/`, 'localhost');
    await fixture.listener.stop();
    await forwardOnce((port) => `http://${literal}:${port}/`, 'localhost');
    const hooks = fixture.store.list();
    assert.equal(hooks.length, 2, 'one hook each, not a loop of them');
    for (const hook of hooks) assert.equal(fixture.store.get(hook.id)?.forward?.error, FORWARD_LOOP);
  });

  it('refuses a forward that comes back through a relay it cannot see, and stores it once', async () => {
    const { listener, store } = fixture;
    let listening = '';
    const relay = await relayTo(() => listening);
    try {
      const routes = parseRoutes([{ name: 'out', pathPrefix: '/', forwardTo: `${relay.url}/` }]);
      listening = (await listener.start({ port: 0, routes })).url;
      assert.equal((await send(`${listening}/once`, { body: '{}' })).status, 200);
      const id = store.list()[0]?.id ?? '';
      await waitUntil(() => store.get(id)?.forward !== undefined);
      assert.equal(store.size, 1, 'one hook, not a loop of them');
      const forward = store.get(id)?.forward;
      assert.equal(forward?.status, 508);
      assert.equal(forward?.error, FORWARD_CAME_BACK);
    } finally {
      await relay.close();
    }
  });

  it('stops two listeners forwarding to each other after one hook each', async () => {
    const { listener: a, store: aStore } = fixture;
    const bStore = new MemoryHookStore();
    const b = new HookListener(bStore, { now: () => Date.now() }, silentLogger);
    try {
      const aPort = (await a.start({ port: 0 })).port;
      const bUrl = (
        await b.start({
          port: 0,
          routes: parseRoutes([{ name: 'to-a', pathPrefix: '/', forwardTo: `http://127.0.0.1:${aPort}/` }]),
        })
      ).url;
      const aUrl = (
        await a.start({ port: aPort, routes: parseRoutes([{ name: 'to-b', pathPrefix: '/', forwardTo: `${bUrl}/` }]) })
      ).url;
      assert.equal((await send(`${aUrl}/once`, { body: '{}' })).status, 200);
      // Both forward results: a's (b stored it) and b's (a refused it). Each is recorded after its target
      // answered, and a target answers after storing, so a loop would have stored a second hook by then.
      const forwarded = (store: HookStore): boolean =>
        store.list()[0] !== undefined && store.get(store.list()[0]?.id ?? '')?.forward !== undefined;
      await waitUntil(() => forwarded(aStore) && forwarded(bStore));
      assert.deepEqual([aStore.size, bStore.size], [1, 1], 'one hook each, not a loop of them');
      assert.equal(aStore.get(aStore.list()[0]?.id ?? '')?.forward?.status, 200, 'b stored it');
      assert.equal(bStore.get(bStore.list()[0]?.id ?? '')?.forward?.error, FORWARD_CAME_BACK);
    } finally {
      await b.stop();
    }
  });

  it('tells the socket of a listener from other sockets by the address a connection reached', () => {
    const loopback = { address: '127.0.0.1', port: 8787 };
    assert.equal(reachesListening(loopback, '127.0.0.1', 8787), true);
    assert.equal(reachesListening(loopback, '::ffff:127.0.0.1', 8787), true);
    assert.equal(reachesListening(loopback, '127.0.0.1', 8788), false);
    assert.equal(reachesListening(loopback, '127.0.0.2', 8787), false, 'another socket');
    assert.equal(reachesListening(loopback, '::1', 8787), false, 'another socket');
    const all = { address: '0.0.0.0', port: 8787 };
    assert.equal(reachesListening(all, '127.0.0.2', 8787), true);
    assert.equal(reachesListening(all, '::ffff:127.0.0.1', 8787), true);
    assert.equal(reachesListening(all, '::1', 8787), false, 'IPv6 does not reach 0.0.0.0');
    assert.equal(reachesListening(all, '203.0.113.9', 8787), false, 'not an address of this machine');
    const dual = { address: '::', port: 8787 };
    assert.equal(reachesListening(dual, '::1', 8787), true);
    assert.equal(reachesListening(dual, '127.0.0.1', 8787), true);
  });
});
