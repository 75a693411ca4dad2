import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { silentLogger } from '../../../src/core/clock';
import { BackgroundInspector } from '../../../src/core/hooks/query/backgroundInspector';
import { HookListener } from '../../../src/core/hooks/listener';
import { DurableHookStore } from '../../../src/core/store/durable';
import { MemoryHookStore } from '../../../src/core/store/memoryHookStore';
import { send, tempDir } from '../helpers';
import { makeHook } from './fixtures/hooks';

/** `{"type":"…","items":[{},{},…]}` of about `mb` MB: millions of objects were `JSON.parse` would build them. */
function manyObjects(mb: number, type: string): Buffer {
  const count = Math.floor((mb * 1024 * 1024) / 3);
  return Buffer.from(`{"type":${JSON.stringify(type)},"items":[${'{},'.repeat(count - 1)}{}]}`);
}

describe('Large bodies inspected once, after they are stored, and what was found kept with the hook', function () {
  this.timeout(120_000);
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir('pushpull-insight-');
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('names the event of a 25 MB body received by the listener, and a reopened store still knows it', async () => {
    const store = await DurableHookStore.open(dir);
    const listener = new HookListener(store, { now: () => Date.now() }, silentLogger);
    const inspector = new BackgroundInspector(store, silentLogger);
    listener.onDidReceive((hook) => inspector.add(hook));
    let id: string;
    try {
      const address = await listener.start({ port: 0, maxBodyBytes: 64 * 1024 * 1024 });
      const body = manyObjects(25, 'invoice.paid');
      const answer = await send(`${address.url}/stripe`, { body, headers: { 'content-type': 'application/json' } });
      assert.equal(answer.status, 200);
      const [stored] = store.list();
      assert.ok(stored);
      id = stored.id;
      await inspector.idle();
      const inspected = store.get(id);
      assert.equal(inspected?.uninspected, undefined);
      assert.equal(inspected?.event, 'invoice.paid');
      assert.deepEqual(inspected?.flags, []);
    } finally {
      await listener.stop();
      await inspector.dispose();
      await store.close();
    }
    const reopened = await DurableHookStore.openReadOnly(dir);
    try {
      const hook = reopened.get(id);
      assert.equal(hook?.uninspected, undefined, 'inspected again after reopening');
      assert.equal(hook?.event, 'invoice.paid');
    } finally {
      await reopened.close();
    }
  });

  it('keeps invalid JSON flagged, passes over hooks inspected already, and refuses to write read-only', async () => {
    const store = await DurableHookStore.open(dir);
    const big = Buffer.concat([manyObjects(1, 'x'), Buffer.from(',')]);
    const broken = makeHook(1, big, { uninspected: true, flags: [], event: undefined });
    const fine = makeHook(2, '{"type":"small"}', { event: 'small' });
    await store.add(broken);
    await store.add(fine);
    const inspector = new BackgroundInspector(store, silentLogger);
    inspector.add(store.get(broken.id) ?? broken);
    inspector.add(store.get(fine.id) ?? fine);
    await inspector.idle();
    await inspector.dispose();
    assert.deepEqual(store.get(broken.id)?.flags, ['invalid-json']);
    assert.equal(store.get(fine.id)?.event, 'small');
    await store.close();
    const reader = await DurableHookStore.openReadOnly(dir);
    try {
      assert.deepEqual(reader.get(broken.id)?.flags, ['invalid-json']);
      assert.equal(reader.get(broken.id)?.uninspected, undefined);
      await assert.rejects(reader.setInsight(broken.id, { flags: [], event: 'other' }), /read-only|read only/i);
    } finally {
      await reader.close();
    }
  });

  it('the in-memory store keeps what was found too', async () => {
    const store = new MemoryHookStore();
    const hook = makeHook(1, '[]', { uninspected: true, event: undefined });
    await store.add(hook);
    await store.setInsight(hook.id, { flags: [], event: 'found' });
    assert.equal(store.get(hook.id)?.event, 'found');
    assert.equal(store.get(hook.id)?.uninspected, undefined);
  });
});
