import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { type Logger, silentLogger, systemTimers } from '../../src/core/clock';
import type { HookForwarder } from '../../src/core/hooks/forwarder';
import { HookIdGenerator } from '../../src/core/hooks/hookIds';
import { renderHookDocument } from '../../src/core/render/hookDocument';
import { DurableHookStore } from '../../src/core/store/durable';
import { HookListener, type ListeningAddress } from '../../src/core/hooks/listener';
import { parseRoutes, type Route } from '../../src/core/hooks/routes';
import { MemoryHookStore } from '../../src/core/store/memoryHookStore';
import { hangingTarget, rawExchange, send, startServer, tempDir, forwarder } from './helpers';
import { ManualTimers } from './manualTimers';

/** What the server wrote back on a raw socket, once it closed it (`rawExchange`). */
async function raw(address: ListeningAddress, chunks: string[], gapMs = 0): Promise<string> {
  return (await rawExchange(address, chunks, gapMs)).text;
}

/** Resolves with `promise`, or rejects saying what did not happen within `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

describe('HookListener edge cases', () => {
  let store: MemoryHookStore;
  let listener: HookListener;
  let errors: string[];

  beforeEach(() => {
    store = new MemoryHookStore();
    errors = [];
    const logger: Logger = { info: () => undefined, warn: () => undefined, error: (m) => errors.push(m) };
    listener = new HookListener(store, { now: () => Date.now() }, logger, systemTimers, forwarder);
  });
  afterEach(() => listener.stop());

  it('refuses a body declared over the limit before "100 Continue", and continues a small one', async () => {
    const address = await listener.start({ port: 0, maxBodyBytes: 1000 });
    const big = await raw(address, [
      'POST /big HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 30000000\r\n\r\n',
    ]);
    assert.match(big, /^HTTP\/1\.1 413 /);
    assert.doesNotMatch(big, /100 Continue/);
    const small = await raw(
      address,
      [
        'POST /small HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n',
        '{}',
      ],
      100,
    );
    assert.match(small, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    assert.deepEqual(
      store.list().map((h) => h.path),
      ['/small'],
    );
  });

  it('takes the path and query of an absolute-form request target for routes, and keeps the URL as sent', async () => {
    const routes = parseRoutes([{ name: 'abs', pathPrefix: '/abs', response: { status: 202 } }]);
    const address = await listener.start({ port: 0, routes });
    const text = await raw(address, [
      'POST http://example.test:8080/abs/x?q=1&q=2 HTTP/1.1\r\nHost: example.test:8080\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
    ]);
    assert.match(text, /^HTTP\/1\.1 202 /);
    const hook = store.list()[0];
    assert.ok(hook);
    assert.equal(hook.route, 'abs');
    assert.equal(hook.path, '/abs/x');
    assert.equal(hook.url, '/abs/x?q=1&q=2');
    assert.equal(hook.fullUrl, 'http://example.test:8080/abs/x?q=1&q=2');
    assert.deepEqual(hook.query, [
      ['q', '1'],
      ['q', '2'],
    ]);
  });

  it('forwards the path and query exactly as received: no dot segments resolved, nothing re-escaped', async () => {
    let seen = '';
    const app = await startServer((req, res) => {
      seen = req.url ?? '';
      res.end('ok');
    });
    try {
      const routes = parseRoutes([{ name: 'fwd', pathPrefix: '/fwd', forwardTo: `${app.url}/base/`, keepPath: true }]);
      const address = await listener.start({ port: 0, routes });
      const forwarded = new Promise<string>((resolve) => listener.onDidForward(resolve));
      const target = '/fwd/a/../b/%2e%2e/c\\d{e}|f^g?x="1"&y=<2>&z=%41';
      const text = await raw(address, [
        `POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
      ]);
      assert.match(text, /^HTTP\/1\.1 200 /);
      await within(forwarded, 5000, 'the forward');
      assert.equal(seen, `/base${target}`);
    } finally {
      await app.close();
    }
  });

  it('on stop, ends a route delay at once instead of keeping the process alive', async () => {
    // Time never moves on these timers: only the stop can end the wait.
    const timers = new ManualTimers();
    const slowListener = new HookListener(store, { now: () => Date.now() }, silentLogger, timers, forwarder);
    const routes = parseRoutes([{ name: 'slow', pathPrefix: '/slow', response: { delayMs: 60_000 } }]);
    try {
      const address = await slowListener.start({ port: 0, routes });
      const answered = new Promise<void>((resolve) => slowListener.onDidReceive(() => resolve()));
      const waiting = timers.nextWait();
      const request = send(`${address.url}/slow`, { body: '{}' }).catch(() => undefined);
      assert.equal(await Promise.race([waiting, request.then(() => 'answered')]), 60_000);
      assert.equal(store.size, 1, 'the hook is stored before its delay');
      await slowListener.stop();
      await within(answered, 3000, 'the delayed hook finishing after stop');
      assert.equal(timers.pending, 0, 'the wait is cancelled, not left behind');
      await request;
    } finally {
      await slowListener.stop();
    }
  });

  it('on stop, aborts a forward to a target that never answers, and logs no error about it', async () => {
    const hanging = await hangingTarget();
    // The real forwarder, watched: `returned` settles when the listener gets the aborted forward's result back.
    let returned!: Promise<unknown>;
    const watched: HookForwarder = (...args) => {
      const result = forwarder(...args);
      returned = result;
      return result;
    };
    const failures: string[] = [];
    const logger: Logger = { info: () => undefined, warn: () => undefined, error: (m) => failures.push(m) };
    const forwarding = new HookListener(store, { now: () => Date.now() }, logger, systemTimers, watched);
    const recorded: string[] = [];
    const watch = forwarding.onDidForward((id) => recorded.push(id));
    try {
      const routes = parseRoutes([{ name: 'f', pathPrefix: '/f', forwardTo: hanging.url }]);
      const address = await forwarding.start({ port: 0, routes });
      assert.equal((await send(`${address.url}/f`, { body: '{}' })).status, 200);
      await within(hanging.reached, 5000, 'the forward reaching its target');
      await forwarding.stop();
      await within(hanging.closed, 3000, 'the forward connection closing after stop');
      await returned.catch(() => undefined);
      // What the listener does with that result runs on promise continuations (the memory store does no I/O):
      // once the microtasks queued now have run, it has recorded and logged all it would.
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(failures, []);
      assert.deepEqual(recorded, [], 'no forward result recorded for the aborted forward');
      assert.equal(store.list()[0]?.forward, undefined);
    } finally {
      watch.dispose();
      await forwarding.stop();
      await hanging.close();
    }
  });

  it('answers 500 and keeps listening when an answer cannot be written', async () => {
    // Routes from settings are checked when read; a route built in code can still carry a bad header.
    const bad: Route = {
      name: 'bad',
      pathPrefix: '/bad',
      response: { status: 200, headers: { 'bad name': 'v' }, delayMs: 0 },
    };
    const address = await listener.start({ port: 0, routes: [bad] });
    assert.equal((await send(`${address.url}/bad`, { body: '{}' })).status, 500);
    assert.equal((await send(`${address.url}/good`, { body: '{}' })).status, 200);
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /could not answer POST \/bad/);
  });
});

describe('HookListener capture details', () => {
  it("records the sender's port and how long the body took to arrive after its head", async () => {
    const timers = new ManualTimers();
    const store = new MemoryHookStore();
    const listener = new HookListener(store, { now: () => Date.now() }, silentLogger, timers, forwarder);
    try {
      const address = await listener.start({ port: 0 });
      const socket = net.connect(address.port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      const localPort = socket.localPort;
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.resume();
      // Time before the head arrives is not the body's.
      timers.advance(1000);
      const headRead = timers.nextReading();
      socket.write('POST /slow-body HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nConnection: close\r\n\r\n{}');
      await headRead;
      timers.advance(250);
      socket.write('{}');
      await closed;
      const hook = store.list()[0];
      assert.ok(hook);
      assert.equal(hook.remotePort, localPort);
      assert.equal(hook.bodyMs, 250);
    } finally {
      await listener.stop();
    }
  });

  it('keeps __proto__ and constructor keys and 100,000-level objects harmless from listener to store to document', async () => {
    const dir = await tempDir();
    const durable = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
    const durableListener = new HookListener(
      durable,
      { now: () => Date.now() },
      { info() {}, warn() {}, error() {} },
      systemTimers,
      forwarder,
    );
    try {
      const address = await durableListener.start({ port: 0 });
      const hostile = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"type":"x"}';
      const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
      for (const body of [hostile, deep]) {
        const answer = await send(`${address.url}/h`, { headers: { 'content-type': 'application/json' }, body });
        assert.equal(answer.status, 200);
      }
      const [deepHook, hostileHook] = durable.newest(2);
      assert.ok(deepHook && hostileHook);
      assert.equal(hostileHook.event, 'x');
      assert.deepEqual(hostileHook.flags, []);
      const text = renderHookDocument(hostileHook, (await durable.readBody(hostileHook.id)) ?? new Uint8Array()).text;
      assert.match(text, /"__proto__"/);
      const deepBody = (await durable.readBody(deepHook.id)) ?? new Uint8Array();
      assert.equal(Buffer.from(deepBody).toString(), deep);
      assert.ok(renderHookDocument(deepHook, deepBody).text.includes('{"a":{"a":'));
      assert.equal(({} as { polluted?: boolean }).polluted, undefined);
      assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    } finally {
      await durableListener.stop();
      await durable.close();
    }
  });
});

describe('HookIdGenerator', () => {
  it('never goes backwards or repeats when the clock is set back', () => {
    const ids = new HookIdGenerator();
    const made = [2000, 1999, 2000, 1500, 2001].map((t) => ids.next(t));
    assert.deepEqual(made, [
      '00000000002000-000000',
      '00000000002000-000001',
      '00000000002000-000002',
      '00000000002000-000003',
      '00000000002001-000000',
    ]);
  });

  it('moves to the next millisecond when a held-back clock uses up the sequence', () => {
    const ids = new HookIdGenerator();
    let last = ids.next(5000);
    for (let i = 0; i < 1_000_000; i++) {
      const id = ids.next(4000);
      if (id <= last) assert.fail(`${id} after ${last}`);
      last = id;
    }
    assert.equal(last, '00000000005001-000000');
  });
});
