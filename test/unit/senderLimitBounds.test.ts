import * as assert from 'node:assert/strict';
import type { Logger } from '../../src/core/clock';
import { HookListener } from '../../src/core/hooks/listener';
import { MemoryHookStore } from '../../src/core/store/memoryHookStore';
import { send } from './helpers';
import { RawConnection } from './rawConnection';

/** A request written as raw bytes; `close` asks the listener to close the connection after answering it. */
function request(path: string, body = '{}', close = false): string {
  const connection = close ? 'Connection: close\r\n' : '';
  return `POST ${path} HTTP/1.1\r\nHost: x\r\n${connection}Content-Length: ${body.length}\r\n\r\n${body}`;
}

/** The largest body a refused request may declare and still have its connection kept (64 KiB). */
const SKIPPABLE = 64 * 1024;

describe('HookListener limits on senders, at their bounds', () => {
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

  it('skips a refused body of exactly 64 KiB and answers the next request on the same connection', async () => {
    const { port } = await listener.start({ port: 0, maxHooksPerSecond: 1 });
    const connection = await RawConnection.open(port);
    const [first] = await connection.exchange(request('/first'));
    assert.equal(first?.status, 200);
    const answers = await connection.exchange(
      request('/skipped', 'a'.repeat(SKIPPABLE)) + request('/next', '{}', true),
      2,
    );
    assert.deepEqual(
      answers.map((answer) => [answer.status, answer.headers.connection]),
      [
        [429, 'keep-alive'],
        [429, 'close'],
      ],
    );
    await connection.closed;
    assert.deepEqual(
      store.list().map((hook) => hook.path),
      ['/first'],
    );
    assert.equal(listener.refusals.overRate, 2);
  });

  it('closes the connection after refusing a body one byte past 64 KiB, answering nothing behind it', async () => {
    const { port } = await listener.start({ port: 0, maxHooksPerSecond: 1 });
    const connection = await RawConnection.open(port);
    const [first] = await connection.exchange(request('/first'));
    assert.equal(first?.status, 200);
    const answers = await connection.exchange(request('/long', 'a'.repeat(SKIPPABLE + 1)) + request('/behind'), 2);
    assert.deepEqual(
      answers.map((answer) => [answer.status, answer.headers.connection]),
      [[429, 'close']],
    );
    await connection.closed;
    assert.equal(listener.refusals.overRate, 1);
  });

  it('logs a refusal again once a whole minute has passed: not at 59,999 ms, at 60,000 ms', async () => {
    const { url } = await listener.start({ port: 0, maxHooksPerSecond: 1 });
    const statuses = async (...paths: string[]): Promise<number[]> => {
      const result: number[] = [];
      for (const path of paths) result.push((await send(`${url}${path}`, { body: '{}' })).status);
      return result;
    };
    assert.deepEqual(await statuses('/a', '/b'), [200, 429]);
    assert.equal(warnings.length, 1);
    now += 59_999;
    assert.deepEqual(await statuses('/c', '/d'), [200, 429]);
    assert.equal(warnings.length, 1, 'still within the minute');
    now += 1;
    assert.deepEqual(await statuses('/e'), [429]);
    assert.equal(warnings.length, 2, warnings.join('\n'));
    assert.match(warnings[1] ?? '', /refused 3 hooks over the hooks-per-second limit/);
  });
});
