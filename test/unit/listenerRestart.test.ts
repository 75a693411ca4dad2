import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { silentLogger } from '../../src/core/clock';
import { PortInUseError } from '../../src/core/hooks/errors';
import { HookListener } from '../../src/core/hooks/listener';
import type { ListeningAddress } from '../../src/core/hooks/listener';
import { parseRoutes } from '../../src/core/hooks/routes';
import { MemoryHookStore } from '../../src/core/store/memoryHookStore';
import { hangingTarget, listenerPerTest, requestArrives, send, waitUntil } from './helpers';
import { RecordingLogger } from './store/fixtures/hooks';

/** Sends the head and half the body of a POST, and returns the socket with everything it reads. */
function halfSent(address: ListeningAddress, body: string): Promise<{ socket: net.Socket; read: () => string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(address.port, '127.0.0.1');
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('connect', () => {
      socket.write(
        `POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, body.length / 2)}`,
      );
      resolve({ socket, read: () => text });
    });
  });
}

describe('HookListener restarted with new settings', () => {
  const fixture = listenerPerTest();

  it('finishes a request that was half sent, stores it, and serves new ones with the new routes', async () => {
    const { listener, store } = fixture;
    const first = await listener.start({ port: 0 });
    const body = '{"half":"sent before the restart, the rest after"}';
    const arrived = requestArrives('/slow');
    const slow = await halfSent(first, body);
    await arrived;

    const second = await listener.start({
      port: 0,
      routes: [{ name: 'queue', pathPrefix: '/queue', response: { status: 202, headers: {}, delayMs: 0 } }],
    });
    assert.equal((await send(`${second.url}/queue/1`, { body: '{}' })).status, 202, 'new settings apply at once');

    const closed = new Promise<void>((resolve) => slow.socket.on('close', () => resolve()));
    slow.socket.write(body.slice(body.length / 2));
    await closed;
    assert.match(slow.read(), /^HTTP\/1\.1 200 /, 'the sender in the middle of a request gets its answer');
    assert.match(slow.read(), /\r\nconnection: close\r\n/i, 'and the old connection closes after it');
    const stored = store.list().find((hook) => hook.path === '/slow');
    assert.ok(stored, 'and the hook is stored');
    assert.equal(Buffer.from((await store.readBody(stored.id)) ?? []).toString(), body);
  });

  it('frees the old port at once, and closes idle keep-alive connections', async () => {
    const { listener } = fixture;
    const first = await listener.start({ port: 0 });
    // A keep-alive connection that has had its answer and waits for the next request.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const idle = await new Promise<net.Socket>((resolve, reject) => {
      const req = http.request(`${first.url}/first`, { method: 'POST', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(req.socket as net.Socket));
      });
      req.on('error', reject);
      req.end('{}');
    });
    const idleClosed = new Promise<void>((resolve) => idle.on('close', () => resolve()));
    const second = await listener.start({ port: first.port });
    assert.equal(second.port, first.port, 'the same port can be taken again');
    await idleClosed;
    assert.equal((await send(`${second.url}/after`, { body: '{}' })).status, 200);
    agent.destroy();
  });

  it('cuts what the old server still has when stopped', async () => {
    const { listener } = fixture;
    const first = await listener.start({ port: 0 });
    const arrived = requestArrives('/slow');
    const slow = await halfSent(first, '{"never":"finished"}');
    await arrived;
    let closed = false;
    const ended = new Promise<void>((resolve) => slow.socket.on('close', () => resolve()));
    void ended.then(() => (closed = true));
    const second = await listener.start({ port: 0 });
    // A close of the old connection would have reached the sender before this answer from the new server.
    assert.equal((await send(`${second.url}/meanwhile`, { body: '{}' })).status, 200);
    assert.equal(closed, false, 'still draining');
    await listener.stop();
    await ended;
    assert.equal(slow.read(), '', 'nothing was answered for a request never finished');
  });

  it('keeps the old server when the new one cannot listen (its port is taken)', async () => {
    const { listener } = fixture;
    const first = await listener.start({ port: 0 });
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      await assert.rejects(listener.start({ port: taken }), PortInUseError);
      assert.deepEqual(listener.address, first, 'still listening where it was');
      assert.equal((await send(`${first.url}/still`, { body: '{}' })).status, 200);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("gives a request waiting out its route's delay its answer, even past the request timeout", async () => {
    const { listener, store } = fixture;
    const routes = parseRoutes([{ name: 'slow', pathPrefix: '/slow', response: { delayMs: 600 } }]);
    const first = await listener.start({ port: 0, routes, requestTimeoutMs: 200, headersTimeoutMs: 200 });
    const answered = send(`${first.url}/slow`, { body: '{}' });
    await waitUntil(() => store.size === 1);
    await listener.start({ port: 0 });
    const answer = await answered;
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.connection, 'close');
  });

  it('ends on stop a forward that a replaced server started, after its connections have ended', async () => {
    const store = new MemoryHookStore();
    const logger = new RecordingLogger();
    const listener = new HookListener(store, { now: () => Date.now() }, logger);
    const hanging = await hangingTarget();
    try {
      const routes = parseRoutes([{ name: 'f', pathPrefix: '/f', forwardTo: hanging.url }]);
      const first = await listener.start({ port: 0, routes });
      assert.equal((await send(`${first.url}/f`, { body: '{}' })).status, 200);
      await hanging.reached;
      await listener.start({ port: 0, routes });
      // The replaced server is done with its connections: only its forward is left for stop to end.
      await logger.written('info', new RegExp(`replaced listener on ${first.url} has no connections left`));
      await listener.stop();
      await hanging.closed;
      assert.equal(store.list()[0]?.forward, undefined, 'an ended forward is not recorded as failed');
    } finally {
      await listener.stop();
      await hanging.close();
    }
  });

  it('moves to another host on the same port (the old server lets go of the port first)', async () => {
    const { listener } = fixture;
    const first = await listener.start({ host: '127.0.0.1', port: 0 });
    const second = await listener.start({ host: '0.0.0.0', port: first.port });
    assert.equal(second.port, first.port);
    assert.equal(second.host, '0.0.0.0');
    assert.equal((await send(`http://127.0.0.1:${first.port}/moved`, { body: '{}' })).status, 200);
  });

  it('keeps nothing of replaced servers that have finished', async () => {
    const { listener } = fixture;
    for (let i = 0; i < 20; i++) await listener.start({ port: 0 });
    const internals = listener as unknown as { servings: Set<unknown> };
    await waitUntil(() => internals.servings.size <= 1);
    assert.equal(internals.servings.size, 1, 'only the current server can still be stopped');
  });

  it('closes the connection after a replaced server refuses a hook it could not store', async () => {
    const store = new MemoryHookStore();
    let fail!: () => void;
    const failing = new Promise<void>((_, reject) => (fail = () => reject(new Error('disk full'))));
    let adding!: () => void;
    const added = new Promise<void>((resolve) => (adding = resolve));
    store.add = () => {
      adding();
      return failing;
    };
    const listener = new HookListener(store, { now: () => Date.now() }, silentLogger);
    try {
      const first = await listener.start({ port: 0 });
      const answered = send(`${first.url}/x`, { body: '{}' });
      await added;
      await listener.start({ port: 0 });
      fail();
      const answer = await answered;
      assert.equal(answer.status, 503);
      assert.equal(answer.headers.connection, 'close');
    } finally {
      await listener.stop();
    }
  });
});
