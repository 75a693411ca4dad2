import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import { systemClock } from '../../../src/core/clock';
import { errorCode } from '../../../src/core/errors';
import { defaultListenerOptions } from '../../../src/core/hooks/listener';
import { PushSide } from '../../../src/core/push/session';
import { DurableHookStore } from '../../../src/core/store/durable';
import { send, tempDir, waitUntil } from '../helpers';
import { RecordingLogger } from '../store/fixtures/hooks';

const retention = { maxHooks: 0, maxBytes: 0 };

describe('PushSide (the push session, in plain Node)', function () {
  this.timeout(20_000);
  let dir: string;
  let logger: RecordingLogger;
  const sides: PushSide[] = [];

  function side(owner = 'test window'): PushSide {
    const push = new PushSide({ location: dir, owner, clock: systemClock, logger, retention: () => retention });
    sides.push(push);
    return push;
  }

  /** Starts `push` on a free port and sends it one hook per body, returning their ids (oldest first). */
  async function listenAndSend(push: PushSide, ...bodies: string[]): Promise<string[]> {
    const address = await push.start(() => Promise.resolve({ port: 0 }));
    for (const body of bodies) assert.equal((await send(`${address.url}/hook`, { body })).status, 200);
    return push.store
      .list()
      .map((hook) => hook.id)
      .reverse();
  }

  beforeEach(async () => {
    dir = path.join(await tempDir('pushpull-push-'), 'hooks');
    logger = new RecordingLogger();
  });

  afterEach(async () => {
    await Promise.all(sides.splice(0).map((push) => push.dispose()));
    await fs.rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('gives a reader that never called ready() the stored hooks, not an empty store', async () => {
    const writer = side();
    const [id] = await listenAndSend(writer, '{"kept":true}');
    await writer.dispose();

    const push = side();
    assert.equal(push.store.size, 0, 'nothing is read before someone asks');
    assert.equal(await push.reader.size(), 1);
    const [hook] = await push.reader.list();
    assert.equal(hook?.id, id);
    assert.deepEqual(await push.reader.newest(5), [hook]);
    assert.equal((await push.reader.get(id!))?.path, '/hook');
    assert.equal(Buffer.from((await push.reader.readBody(id!)) ?? []).toString(), '{"kept":true}');
    assert.equal(push.store.size, 1, 'the reader loaded what the view shows too');
  });

  it('listens with the store locked, tells what arrives, and on stop releases the store and keeps its hooks shown', async () => {
    const push = side();
    const received: string[] = [];
    let changes = 0;
    push.onDidReceive((hook) => received.push(hook.path));
    push.onDidChange(() => changes++);

    const [id] = await listenAndSend(push, '{"a":1}');
    assert.ok(push.address);
    assert.ok(existsSync(path.join(dir, 'hooks.lock')), 'a listening side holds the lock');
    assert.deepEqual(received, ['/hook']);
    assert.ok(changes >= 2, 'the writer was shown, then the hook arrived');

    await push.stop();
    assert.equal(push.address, undefined);
    assert.equal(push.refusals, undefined);
    assert.equal(existsSync(path.join(dir, 'hooks.lock')), false, 'the lock is released on stop');
    assert.deepEqual(
      push.store.list().map((hook) => hook.id),
      [id],
      'the hooks stay on screen',
    );
    assert.equal(push.store instanceof DurableHookStore && push.store.readOnly, true, 'read as a snapshot');
  });

  it('refuses to listen while another side writes the store, and follows what that side writes', async () => {
    const first = side('first window');
    await first.start(() => Promise.resolve({ port: 0 }));
    const second = side('second window');
    await second.ready();
    assert.equal(second.store.size, 0);

    await assert.rejects(
      second.start(() => Promise.resolve({ port: 0 })),
      (error) => {
        assert.equal(errorCode(error), 'STORE_LOCKED');
        assert.match((error as Error).message, /first window/);
        return true;
      },
    );
    assert.equal(second.address, undefined);

    const shown = new Promise<void>((resolve) => second.onDidChange(resolve));
    assert.ok(first.address);
    assert.equal((await send(`${first.address.url}/from-first`, { body: '{}' })).status, 200);
    await shown;
    await waitUntil(() => second.store.size === 1);
    assert.equal(second.store.list()[0]?.path, '/from-first');
  });

  it('pins, deletes and clears on disk also while not listening', async () => {
    const push = side();
    const [a, b, c] = await listenAndSend(push, '1', '2', '3');
    await push.stop();

    await push.setPinned([a!], true);
    assert.equal(push.store.get(a!)?.pinned, true);
    await push.delete([b!]);
    assert.deepEqual(
      push.store.list().map((hook) => hook.id),
      [c, a],
    );
    const onDisk = await DurableHookStore.openReadOnly(dir);
    try {
      assert.deepEqual(
        onDisk.list().map((hook) => [hook.id, hook.pinned === true]),
        [
          [c, false],
          [a, true],
        ],
      );
    } finally {
      await onDisk.close();
    }

    await push.clear();
    assert.equal(push.store.size, 0);
    assert.equal(await push.reader.size(), 0);
    assert.equal(existsSync(path.join(dir, 'hooks.lock')), false, 'each change let go of the store');
  });

  it('runs start, stop and clear one at a time, in the order they were asked for', async () => {
    const push = side();
    const order: string[] = [];
    const started = push.start(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push('prepared');
      return { port: 0 };
    });
    const stopped = push.stop().then(() => order.push('stopped'));
    const cleared = push.clear().then(() => order.push('cleared'));
    const again = push.start(() => Promise.resolve({ port: 0 }));
    await Promise.all([started, stopped, cleared]);
    const address = await again;
    assert.deepEqual(order, ['prepared', 'stopped', 'cleared']);
    assert.equal(push.address?.url, address.url);
  });

  it('releases the store when the port is taken, so that another side may listen', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const push = side();
      await assert.rejects(
        push.start(() => Promise.resolve({ port })),
        (error) => errorCode(error) === 'PORT_IN_USE',
      );
      assert.equal(push.address, undefined);
      assert.equal(existsSync(path.join(dir, 'hooks.lock')), false);
      const other = side('other window');
      assert.ok(await other.start(() => Promise.resolve({ port: 0 })));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('moves to new settings while listening, and reads none while not', async () => {
    const push = side();
    let asked = 0;
    const prepare = (): Promise<never> => {
      asked++;
      return Promise.reject(new Error('not to be read'));
    };
    assert.equal(await push.reconfigure(prepare), undefined);
    assert.equal(asked, 0);

    await push.start(() => Promise.resolve({ port: 0 }));
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    await new Promise((resolve) => blocker.close(resolve));
    const moved = await push.reconfigure(() =>
      Promise.resolve({
        options: { ...defaultListenerOptions, port },
        retention: { maxHooks: 1, maxBytes: 0 },
      }),
    );
    assert.equal(moved?.port, port);
    assert.equal(push.address?.port, port);
  });

  it('counts what the listener refuses and says so', async () => {
    const push = side();
    let refused = 0;
    push.onDidRefuse(() => refused++);
    const address = await push.start(() => Promise.resolve({ port: 0, maxHooksPerSecond: 1 }));
    // At once, well within the second that refills one hook.
    const burst = [0, 1, 2].map(() => send(`${address.url}/burst`, { body: '{}' }));
    const statuses = (await Promise.all(burst)).map((answer) => answer.status).sort();
    assert.deepEqual(statuses, [200, 429, 429]);
    assert.equal(push.refusals?.overRate, 2);
    assert.equal(refused, 2);
  });

  it('on dispose while listening, keeps what was answered on disk and releases the lock and the port', async () => {
    const push = side();
    await listenAndSend(push, '{"last":true}');
    const { port } = push.address!;
    await push.dispose();

    assert.equal(existsSync(path.join(dir, 'hooks.lock')), false);
    assert.equal(push.store.size, 0, 'nothing is shown any more');
    const probe = net.createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => probe.close(resolve));
    const store = await DurableHookStore.openReadOnly(dir);
    try {
      assert.deepEqual(
        store.list().map((hook) => hook.path),
        ['/hook'],
      );
    } finally {
      await store.close();
    }
    assert.equal(
      logger.lines.some((line) => line.level === 'error'),
      false,
    );
  });
});
