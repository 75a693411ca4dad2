import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { DurableHookStore, type DurableStoreOptions } from '../../../src/core/store/durable';
import { tempDir } from '../helpers';
import { anyFileContains, makeHook, storeFiles } from './fixtures/hooks';
import { idOf, segmentOf, stateOf } from './fixtures/pins';

describe('DurableHookStore: pin and delete', () => {
  let dir: string;
  const open: DurableHookStore[] = [];

  beforeEach(async () => {
    dir = await tempDir('pushpull-pins-');
  });

  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function openStore(options: DurableStoreOptions = {}): Promise<DurableHookStore> {
    const store = await DurableHookStore.open(dir, options);
    open.push(store);
    return store;
  }

  async function reopen(store: DurableHookStore, options: DurableStoreOptions = {}): Promise<DurableHookStore> {
    await store.close();
    return openStore(options);
  }

  async function readOnly(): Promise<DurableHookStore> {
    const store = await DurableHookStore.openReadOnly(dir);
    open.push(store);
    return store;
  }

  it('shows a pin at once in get, list and newest, and keeps pins and unpins across reopen and read-only opens', async () => {
    let store = await openStore();
    for (let i = 0; i < 5; i++) await store.add(makeHook(i, `{"i":${i}}`));
    const listed = store.list();
    await store.setPinned([idOf(1), idOf(3), 'no-such-id'], true);
    assert.equal(store.get(idOf(1))?.pinned, true);
    assert.equal(store.get(idOf(0))?.pinned, undefined);
    assert.notEqual(store.list(), listed, 'a new list after a change');
    assert.deepEqual(stateOf(store), ['4', '3*', '2', '1*', '0']);
    assert.deepEqual(
      store.newest(2).map((h) => h.pinned),
      [undefined, true],
    );
    assert.equal(store.get(idOf(1))?.toJSON().pinned, true);
    await store.setPinned([idOf(3)], false);
    assert.equal(store.get(idOf(3))?.pinned, undefined);
    assert.equal('pinned' in (store.get(idOf(3)) ?? {}), false, 'unpinned hooks carry no pinned key');
    assert.deepEqual(stateOf(store), ['4', '3', '2', '1*', '0']);

    store = await reopen(store);
    assert.deepEqual(stateOf(store), ['4', '3', '2', '1*', '0']);
    const reader = await readOnly();
    assert.deepEqual(stateOf(reader), ['4', '3', '2', '1*', '0']);
  });

  it('keeps a pinned hook through retention by count across many adds, and the segment file that holds it', async () => {
    const options = { maxHooks: 20, maxBytes: 0, segmentHooks: 8 };
    let store = await openStore(options);
    const bodies = Array.from({ length: 300 }, () => randomBytes(300));
    for (let i = 0; i < 5; i++) await store.add(makeHook(i, bodies[i] as Buffer));
    await store.setPinned([idOf(2)], true);
    for (let i = 5; i < 300; i++) await store.add(makeHook(i, bodies[i] as Buffer));

    assert.equal(store.size, 20, 'the pinned hook counts toward maxHooks');
    const expected = [...Array.from({ length: 19 }, (_, k) => String(299 - k)), '2*'];
    assert.deepEqual(stateOf(store), expected);
    assert.deepEqual(await store.readBody(idOf(2)), bodies[2]);
    const pinnedSegment = segmentOf(store, idOf(2));
    await store.close();
    const segments = await storeFiles(dir, 'seg');
    assert.ok(
      segments.some((file) => file.endsWith(pinnedSegment)),
      'the pinned hook’s segment stays',
    );
    assert.ok(segments.length <= 6, `the others go (${segments.length} segment files left)`);
    assert.equal(await anyFileContains(dir, bodies[100] as Buffer), false, 'dropped bodies are gone from disk');

    store = await openStore(options);
    assert.deepEqual(stateOf(store), expected);
    assert.deepEqual(await store.readBody(idOf(2)), bodies[2]);
    assert.deepEqual(stateOf(await readOnly()), expected);
  });

  it('keeps pinned hooks through retention by bytes', async () => {
    const options = { maxHooks: 0, maxBytes: 50_000, segmentBytes: 8000 };
    let store = await openStore(options);
    const bodies = Array.from({ length: 120 }, () => randomBytes(2000));
    for (let i = 0; i < 3; i++) await store.add(makeHook(i, bodies[i] as Buffer));
    await store.setPinned([idOf(0), idOf(1)], true);
    for (let i = 3; i < 120; i++) await store.add(makeHook(i, bodies[i] as Buffer));
    assert.ok(store.totalBytes <= 50_000, `${store.totalBytes} bytes kept, pinned ones included`);
    const state = stateOf(store);
    assert.deepEqual(state.slice(-2), ['1*', '0*']);
    assert.equal(state[0], '119');
    assert.ok(!state.includes('2'), 'the unpinned hook beside them is dropped');
    assert.deepEqual(await store.readBody(idOf(0)), bodies[0]);
    store = await reopen(store, options);
    assert.deepEqual(stateOf(store), state);
    assert.deepEqual(await store.readBody(idOf(1)), bodies[1]);
  });

  it('lets pinned hooks keep a store over its limit: nothing more is dropped, and the newest hook is kept', async () => {
    const store = await openStore({ maxHooks: 3, maxBytes: 0 });
    for (let i = 0; i < 3; i++) await store.add(makeHook(i, '{}'));
    await store.setPinned([0, 1, 2].map(idOf), true);
    await store.add(makeHook(3, '{}'));
    await store.add(makeHook(4, '{}'));
    assert.deepEqual(stateOf(store), ['4', '2*', '1*', '0*']);
    await store.setPinned([idOf(0)], false);
    assert.deepEqual(stateOf(store), ['4', '2*', '1*'], 'an unpinned hook over the limit goes at once');
  });

  it('makes an unpinned hook droppable again: at once when retention has passed it, and so after reopen', async () => {
    const options = { maxHooks: 5, maxBytes: 0, segmentHooks: 4 };
    let store = await openStore(options);
    await store.add(makeHook(0, '{}'));
    await store.add(makeHook(1, '{}'));
    await store.setPinned([idOf(0), idOf(1)], true);
    await store.setPinned([idOf(1)], false);
    assert.equal(store.get(idOf(1))?.pinned, undefined, 'nothing dropped yet: an unpin is only an unpin');
    await store.setPinned([idOf(1)], true);
    for (let i = 2; i < 12; i++) await store.add(makeHook(i, '{}'));
    assert.deepEqual(stateOf(store), ['11', '10', '9', '1*', '0*']);
    await store.setPinned([idOf(0)], false);
    assert.deepEqual(stateOf(store), ['11', '10', '9', '1*'], 'retention had passed it: gone at once');
    // Room was freed, but what retention dropped stays dropped, also for later openers.
    store = await reopen(store, options);
    assert.deepEqual(stateOf(store), ['11', '10', '9', '1*']);
    assert.deepEqual(stateOf(await readOnly()), ['11', '10', '9', '1*']);
    await store.add(makeHook(12, '{}'));
    await store.add(makeHook(13, '{}'));
    assert.deepEqual(stateOf(store), ['13', '12', '11', '10', '1*']);
  });

  it('does not pin a dropped hook again on reopen when the segment of its unpin record is gone', async () => {
    const options = { maxHooks: 6, maxBytes: 0, segmentHooks: 4 };
    let store = await openStore(options);
    for (let i = 0; i < 4; i++) await store.add(makeHook(i, '{}'));
    // The pin record lands in the second segment, the unpin record in the third; hook 2 keeps the first one.
    await store.setPinned([idOf(0), idOf(2)], true);
    for (let i = 4; i < 7; i++) await store.add(makeHook(i, '{}'));
    await store.setPinned([idOf(0)], false);
    assert.equal(store.get(idOf(0)), undefined, 'retention had passed it');
    for (let i = 7; i < 30; i++) await store.add(makeHook(i, '{}'));
    const expected = stateOf(store);
    assert.deepEqual(expected, ['29', '28', '27', '26', '25', '2*']);
    store = await reopen(store, options);
    assert.deepEqual(stateOf(store), expected);
    assert.deepEqual(stateOf(await readOnly()), expected);
  });

  it('deletes hooks from get, list, newest, size and readBody at once and after reopen; pinned ones too', async () => {
    let store = await openStore();
    for (let i = 0; i < 6; i++) await store.add(makeHook(i, `{"i":${i}}`));
    await store.setPinned([idOf(2)], true);
    const sizeBefore = store.totalBytes;
    await store.delete([idOf(2), idOf(4), idOf(4), 'no-such-id']);
    assert.equal(store.size, 4);
    assert.ok(store.totalBytes < sizeBefore);
    assert.equal(store.get(idOf(2)), undefined);
    assert.equal(await store.readBody(idOf(4)), undefined);
    assert.deepEqual(stateOf(store), ['5', '3', '1', '0']);
    assert.deepEqual(
      store.newest(2).map((h) => h.id),
      [idOf(5), idOf(3)],
    );
    await store.delete(['no-such-id']);
    await store.delete([]);
    await store.setPinned([idOf(4)], true);
    assert.equal(store.get(idOf(4)), undefined, 'a deleted hook cannot be pinned back');

    store = await reopen(store);
    assert.deepEqual(stateOf(store), ['5', '3', '1', '0']);
    assert.equal(await store.readBody(idOf(2)), undefined);
    assert.deepEqual(Buffer.from((await store.readBody(idOf(3))) ?? []), Buffer.from('{"i":3}'));
    assert.deepEqual(stateOf(await readOnly()), ['5', '3', '1', '0']);
  });

  it('deletes a segment file once all its hooks are deleted or dropped, with their bytes', async () => {
    const options = { maxHooks: 0, maxBytes: 0, segmentHooks: 4 };
    let store = await openStore(options);
    const marker = Buffer.from('delete-me-7f3a9c');
    const bodies = Array.from({ length: 12 }, (_, i) => Buffer.concat([marker, Buffer.from([i]), randomBytes(100)]));
    for (let i = 0; i < 12; i++) await store.add(makeHook(i, bodies[i] as Buffer));
    const first = segmentOf(store, idOf(0));
    const second = segmentOf(store, idOf(4));
    assert.notEqual(first, second);
    await store.delete([0, 1, 2, 3].map(idOf));
    await store.delete([idOf(5)]);
    await store.close();
    const files = (await storeFiles(dir, 'seg')).map((f) => f.slice(-first.length));
    assert.ok(!files.includes(first), 'the segment whose hooks are all deleted is gone');
    assert.ok(files.includes(second), 'a segment with a hook left stays');
    for (const i of [0, 1, 2, 3]) assert.equal(await anyFileContains(dir, bodies[i] as Buffer), false, `body ${i}`);

    store = await openStore(options);
    assert.deepEqual(stateOf(store), ['11', '10', '9', '8', '7', '6', '4']);
    await store.delete([idOf(4), idOf(6), idOf(7)]);
    await store.close();
    const left = (await storeFiles(dir, 'seg')).map((f) => f.slice(-first.length));
    assert.ok(!left.includes(second), 'the second segment goes with its last hook');
  });

  it('keeps delete, pin and forward records while the hooks they are about are on disk, also when retention passes them', async () => {
    const options = { maxHooks: 10, maxBytes: 0, segmentHooks: 4 };
    let store = await openStore(options);
    for (let i = 0; i < 4; i++) await store.add(makeHook(i, `{"i":${i}}`));
    await store.add(makeHook(4, '{}'));
    await store.add(makeHook(5, '{}'));
    // The pinned hook keeps the first segment; the records about its hooks land in later segments.
    await store.setPinned([idOf(0)], true);
    await store.delete([idOf(1)]);
    await store.setForward(idOf(0), { target: 'http://localhost:3000', status: 202, ms: 3 });
    for (let i = 6; i < 80; i++) await store.add(makeHook(i, '{}'));
    const expected = stateOf(store);
    assert.equal(expected.at(-1), '0*');
    await store.close();
    assert.ok((await storeFiles(dir, 'seg')).length <= 8, 'segments with nothing needed are deleted');

    store = await openStore(options);
    assert.deepEqual(stateOf(store), expected);
    assert.equal(store.get(idOf(1)), undefined, 'the deleted hook does not come back');
    assert.equal(store.get(idOf(0))?.forward?.status, 202);
    assert.deepEqual(stateOf(await readOnly()), expected);
  });

  it('refuses pins and deletes on a read-only store (STORE_READ_ONLY) and after close (STORE_CLOSED)', async () => {
    const store = await openStore();
    await store.add(makeHook(1, '{}'));
    await store.close();
    await assert.rejects(store.setPinned([idOf(1)], true), { code: 'STORE_CLOSED' });
    await assert.rejects(store.delete([idOf(1)]), { code: 'STORE_CLOSED' });
    const reader = await readOnly();
    await assert.rejects(reader.setPinned([idOf(1)], true), { code: 'STORE_READ_ONLY' });
    await assert.rejects(reader.delete([idOf(1)]), { code: 'STORE_READ_ONLY' });
    assert.equal(reader.size, 1);
  });

  it('syncs a pin or delete record before resolving: one commit each, and it is in the file', async () => {
    const store = await openStore();
    await store.add(makeHook(1, '{}'));
    const before = store.stats();
    await store.setPinned([idOf(1)], true);
    await store.delete([idOf(1)]);
    const after = store.stats();
    assert.equal(after.recordsCommitted - before.recordsCommitted, 2);
    assert.equal(after.commits - before.commits, 2);
    const [segment] = await storeFiles(dir, 'seg');
    const content = await fs.readFile(segment as string);
    assert.ok(content.includes(Buffer.from(`{"ids":["${idOf(1)}"],"pinned":true}`)));
    assert.ok(content.includes(Buffer.from(`{"ids":["${idOf(1)}"]}`)));
  });

  it('keeps a hook being pinned from retention until its pin is durable', async () => {
    const store = await openStore({ maxHooks: 3, maxBytes: 0 });
    for (let i = 0; i < 3; i++) await store.add(makeHook(i, randomBytes(10)));
    // A hook arrives while the user pins the oldest one: its add is queued first.
    await Promise.all([store.add(makeHook(3, randomBytes(10))), store.setPinned([idOf(0)], true)]);
    assert.deepEqual(stateOf(store), ['3', '2', '0*']);
    assert.deepEqual(stateOf(await reopen(store, { maxHooks: 3, maxBytes: 0 })), ['3', '2', '0*']);
  });

  it('keeps a hook unpinned behind the horizon and pinned again at once, now and after reopen', async () => {
    const store = await openStore({ maxHooks: 2, maxBytes: 0 });
    await store.add(makeHook(0, randomBytes(10)));
    await store.setPinned([idOf(0)], true);
    for (let i = 1; i < 4; i++) await store.add(makeHook(i, randomBytes(10)));
    assert.deepEqual(stateOf(store), ['3', '0*']);
    await Promise.all([store.setPinned([idOf(0)], false), store.setPinned([idOf(0)], true)]);
    assert.deepEqual(stateOf(store), ['3', '0*']);
    assert.deepEqual(stateOf(await reopen(store, { maxHooks: 2, maxBytes: 0 })), ['3', '0*']);
  });

  it('keeps dropped hooks dropped across reopens once the segment that recorded the horizon is gone', async () => {
    let store = await openStore({ maxHooks: 5, maxBytes: 0, segmentHooks: 2 });
    await store.add(makeHook(0, randomBytes(10)));
    await store.add(makeHook(1, randomBytes(10)));
    await store.setPinned([idOf(0)], true);
    // Retention drops 1, 2 and 3; the pinned 0 keeps 1's segment on disk.
    for (let i = 2; i < 8; i++) await store.add(makeHook(i, randomBytes(10)));
    assert.deepEqual(stateOf(store), ['7', '6', '5', '4', '0*']);
    store = await reopen(store, { maxHooks: 5, maxBytes: 0, segmentHooks: 1 });
    await store.delete([4, 5, 6, 7].map(idOf));
    // The segments holding the pin, delete and close records, and the horizon they carry, may go now.
    await store.add(makeHook(8, randomBytes(10)));
    for (let round = 0; round < 3; round++) store = await reopen(store, { maxHooks: 5, maxBytes: 0 });
    assert.deepEqual(stateOf(store), ['8', '0*']);
    assert.deepEqual(stateOf(await readOnly()), ['8', '0*']);
  });

  it("counts a hook's newest forward record in its bytes, not the ones it replaced, the same after reopen", async () => {
    const options = { maxHooks: 0, maxBytes: 0, segmentHooks: 1 };
    let store = await openStore(options);
    await store.add(makeHook(0, randomBytes(100)));
    const hookOnly = store.totalBytes;
    await store.setForward(idOf(0), { target: 'http://t', status: 500, ms: 1, body: 'x'.repeat(1000) });
    const withFirst = store.totalBytes;
    await store.setForward(idOf(0), { target: 'http://t', status: 200, ms: 1, body: 'ok' });
    assert.ok(withFirst - hookOnly > 1000);
    assert.ok(store.totalBytes - hookOnly < 200, `${store.totalBytes - hookOnly} bytes for the newest forward`);
    const live = store.totalBytes;
    store = await reopen(store, options);
    assert.equal(store.totalBytes, live);
  });
});
