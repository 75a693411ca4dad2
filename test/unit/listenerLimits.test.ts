import * as assert from 'node:assert/strict';
import type { Logger } from '../../src/core/clock';
import { defaultListenerOptions, HookListener } from '../../src/core/hooks/listener';
import { MemoryHookStore } from '../../src/core/store/memoryHookStore';
import { send } from './helpers';
import { RawConnection } from './rawConnection';

/** A request written as raw bytes; `close` asks the listener to close the connection after answering it. */
function request(path: string, body = '{}', close = false): string {
  const connection = close ? 'Connection: close\r\n' : '';
  return `POST ${path} HTTP/1.1\r\nHost: x\r\n${connection}Content-Length: ${body.length}\r\n\r\n${body}`;
}

describe('HookListener limits on senders', () => {
  let store: MemoryHookStore;
  let listener: HookListener;
  /** The listener's clock: it moves only when a test moves it. */
  let now: number;
  let warnings: string[];

  beforeEach(() => {
    store = new MemoryHookStore();
    now = 1_800_000_000_000;
    warnings = [];
    const logger: Logger = { info() {}, warn: (message) => warnings.push(message), error() {} };
    listener = new HookListener(store, { now: () => now }, logger);
  });
  afterEach(() => listener.stop());

  it('by default allows 256 connections and 100 hooks a second per sender', () => {
    assert.equal(defaultListenerOptions.maxConnections, 256);
    assert.equal(defaultListenerOptions.maxHooksPerSecond, 100);
  });

  it('stores the first N hooks a sender sends within one clock tick and answers the rest 429 with Retry-After', async () => {
    const { url } = await listener.start({ port: 0, maxHooksPerSecond: 5 });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await send(`${url}/n/${i}`, { body: `{"n":${i}}` }));
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 200, 200, 200, 200, 429, 429, 429],
    );
    for (const refused of answers.slice(5)) {
      assert.equal(refused.headers['retry-after'], '1');
      assert.deepEqual(JSON.parse(refused.body.toString()), {
        error: 'too_many_requests',
        limitPerSecond: 5,
        retryAfter: 1,
      });
    }
    assert.deepEqual(
      store.list().map((hook) => hook.path),
      ['/n/4', '/n/3', '/n/2', '/n/1', '/n/0'],
      'none of the refused ones is kept',
    );
    assert.deepEqual(listener.refusals, { overRate: 3, overConnections: 0 });

    now += 1000;
    assert.equal((await send(`${url}/later`, { body: '{}' })).status, 200, 'a second later it may send again');
    assert.equal(store.size, 6);
  });

  it('counts each request pipelined on one connection: one write of 50 stores 10 and answers 40 with 429', async () => {
    const { port } = await listener.start({ port: 0, maxHooksPerSecond: 10 });
    const connection = await RawConnection.open(port);
    const pipelined = Array.from({ length: 50 }, (_, i) => request(`/p/${i}`, `{"i":${i}}`, i === 49)).join('');
    const answers = await connection.exchange(pipelined, 50);
    assert.equal(answers.length, 50, 'every request is answered');
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [...Array<number>(10).fill(200), ...Array<number>(40).fill(429)],
    );
    assert.ok(answers.slice(10).every((answer) => answer.headers['retry-after'] === '1'));
    await connection.closed;
    assert.equal(store.size, 10);
    assert.deepEqual(
      new Set(store.list().map((hook) => hook.path)),
      new Set(Array.from({ length: 10 }, (_, i) => `/p/${i}`)),
    );
    assert.deepEqual(listener.refusals, { overRate: 40, overConnections: 0 });
  });

  it('limits each sender address by itself: another one still gets through', async () => {
    const { port } = await listener.start({ port: 0, maxHooksPerSecond: 2 });
    const first = await RawConnection.open(port, '127.0.0.1');
    const statuses = await first.exchange(request('/a/1') + request('/a/2') + request('/a/3'), 3);
    assert.deepEqual(
      statuses.map((answer) => answer.status),
      [200, 200, 429],
    );
    const other = await RawConnection.open(port, '127.0.0.2');
    const [answer] = await other.exchange(request('/b/1', '{}', true));
    assert.equal(answer?.status, 200);
    first.end();
    assert.equal(store.size, 3);
  });

  it('keeps nothing of a refused body it would have to read at length: the connection closes after the 429', async () => {
    const { port } = await listener.start({ port: 0, maxHooksPerSecond: 1 });
    const connection = await RawConnection.open(port);
    const [allowed] = await connection.exchange(request('/first'));
    assert.equal(allowed?.status, 200);
    const chunked = 'POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n';
    const [refused] = await connection.exchange(chunked + request('/behind'));
    assert.equal(refused?.status, 429);
    assert.equal(refused?.headers.connection, 'close');
    await connection.closed;
    assert.deepEqual(
      store.list().map((hook) => hook.path),
      ['/first'],
    );
    assert.equal(listener.refusals.overRate, 1, 'what was sent behind it is neither answered nor counted');
  });

  it('answers 429 instead of 100 Continue to a sender over the limit, and closes the connection', async () => {
    const { port } = await listener.start({ port: 0, maxHooksPerSecond: 1 });
    await send(`http://127.0.0.1:${port}/first`, { body: '{}' });
    const connection = await RawConnection.open(port);
    const head = 'POST /waits HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n';
    const [answer] = await connection.exchange(head);
    assert.equal(answer?.status, 429);
    const text = await connection.closed;
    assert.doesNotMatch(text, /100 Continue/);
    assert.equal(store.size, 1);
  });

  it('closes connections over the limit unread, counts them, and keeps serving the open ones', async () => {
    const { port } = await listener.start({ port: 0, maxConnections: 2 });
    const open = [await RawConnection.open(port), await RawConnection.open(port)];
    // Answered: the listener has taken both connections.
    for (const [i, connection] of open.entries()) {
      assert.equal((await connection.exchange(request(`/open/${i}`)))[0]?.status, 200);
    }
    const extra = await RawConnection.open(port);
    const [unanswered] = await extra.exchange(request('/extra'));
    assert.equal(unanswered, undefined, 'closed without an answer');
    assert.equal(await extra.closed, '');
    assert.deepEqual(listener.refusals, { overRate: 0, overConnections: 1 });

    for (const [i, connection] of open.entries()) {
      assert.equal((await connection.exchange(request(`/again/${i}`, '{}', true)))[0]?.status, 200);
      await connection.closed;
    }
    assert.deepEqual(
      store
        .list()
        .map((hook) => hook.path)
        .sort(),
      ['/again/0', '/again/1', '/open/0', '/open/1'],
    );
  });

  it('takes 0 as no limit on either', async () => {
    const { port } = await listener.start({ port: 0, maxHooksPerSecond: 0, maxConnections: 0 });
    const connection = await RawConnection.open(port);
    const pipelined = Array.from({ length: 300 }, (_, i) => request(`/all/${i}`, '{}', i === 299)).join('');
    const answers = await connection.exchange(pipelined, 300);
    assert.ok(answers.every((answer) => answer.status === 200));
    assert.equal(store.size, 300);
    assert.deepEqual(listener.refusals, { overRate: 0, overConnections: 0 });
  });

  it('gives a sender no new burst when the listener restarts with the same limit', async () => {
    const { port, url } = await listener.start({ port: 0, maxHooksPerSecond: 2 });
    // Each on its own connection: a restart closes the idle ones.
    const post = (path: string) => send(`${url}${path}`, { body: '{}', headers: { connection: 'close' } });
    await post('/1');
    await post('/2');
    await listener.start({ port, maxHooksPerSecond: 2, maxBodyBytes: 1000 });
    assert.equal((await post('/3')).status, 429);
    await listener.start({ port, maxHooksPerSecond: 3 });
    assert.equal((await post('/4')).status, 200, 'a new limit starts afresh');
  });

  it('logs the first refusal at once, then at most once a minute with the counts, and the counts when it stops', async () => {
    const { url } = await listener.start({ port: 0, maxHooksPerSecond: 1 });
    for (let i = 0; i < 4; i++) await send(`${url}/${i}`, { body: '{}' });
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0] ?? '', /^Refused a hook from 127\.0\.0\.1\. .* refused 1 hook over the hooks-per-second/);
    now += 60_000;
    await send(`${url}/later`, { body: '{}' });
    await send(`${url}/refused`, { body: '{}' });
    assert.equal(warnings.length, 2);
    assert.match(warnings[1] ?? '', /refused 4 hooks over .* and 0 connections over the connection limit/);
    await send(`${url}/refused-again`, { body: '{}' });
    await listener.stop();
    assert.equal(warnings.length, 3);
    assert.match(warnings[2] ?? '', /^Since the listener started it refused 5 hooks/);
  });
});
