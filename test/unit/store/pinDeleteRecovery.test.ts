import * as assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { DurableHookStore, type DurableStoreOptions } from '../../../src/core/store/durable';
import { LOCK_FILE } from '../../../src/core/store/journal/lock';
import { arrivalOf } from '../../../src/core/model/arrival';
import { encodeAnnotation, encodeHook, TYPE_DELETE, TYPE_PIN } from '../../../src/core/store/durable/hookRecords';
import { tempDir } from '../helpers';
import { makeHook, RecordingLogger, storeFiles } from './fixtures/hooks';
import { idOf, stateOf } from './fixtures/pins';

describe('DurableHookStore: pins and deletes after torn records, crashes and concurrent use', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir('pushpull-pins-recovery-');
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rm(`${dir}-copy`, { recursive: true, force: true });
  });

  async function lastSegment(): Promise<string> {
    const segments = await storeFiles(dir, 'seg');
    return segments[segments.length - 1] as string;
  }

  /** Five hooks, 1 pinned, 3 deleted, closed. */
  async function fill(): Promise<void> {
    const store = await DurableHookStore.open(dir);
    for (let i = 0; i < 5; i++) await store.add(makeHook(i, randomBytes(300)));
    await store.setPinned([idOf(1)], true);
    await store.delete([idOf(3)]);
    await store.close();
  }

  async function stateAfterOpen(readOnly: boolean, logger = new RecordingLogger()): Promise<string[]> {
    const store = readOnly
      ? await DurableHookStore.openReadOnly(dir, { logger })
      : await DurableHookStore.open(dir, { logger });
    try {
      return stateOf(store);
    } finally {
      await store.close();
    }
  }

  for (const [name, cut] of [
    ['inside the fixed header', 20],
    ['inside the metadata', 60],
    ['inside the body', -10],
  ] as const) {
    it(`keeps pins and deletes written before a torn last record (${name})`, async () => {
      await fill();
      const torn = encodeHook(arrivalOf(makeHook(99, randomBytes(300))));
      const whole = Buffer.concat([torn.head, ...torn.bodyParts]);
      await fs.appendFile(await lastSegment(), whole.subarray(0, cut > 0 ? cut : whole.length + cut));

      assert.deepEqual(await stateAfterOpen(true), ['4', '2', '1*', '0']);
      const logger = new RecordingLogger();
      assert.deepEqual(await stateAfterOpen(false, logger), ['4', '2', '1*', '0']);
      assert.equal(logger.at('warn').filter((m) => m.includes('torn')).length, 1, logger.lines.join('\n'));
      assert.deepEqual(await stateAfterOpen(false), ['4', '2', '1*', '0']);
    });
  }

  it('ignores a torn pin or delete record: it was never acknowledged', async () => {
    await fill();
    for (const record of [
      encodeAnnotation(TYPE_PIN, { ids: [idOf(0)], pinned: true }),
      encodeAnnotation(TYPE_DELETE, { ids: [idOf(2)] }),
    ]) {
      await fs.appendFile(await lastSegment(), record.head.subarray(0, record.head.length - 3));
      assert.deepEqual(await stateAfterOpen(true), ['4', '2', '1*', '0']);
      assert.deepEqual(await stateAfterOpen(false), ['4', '2', '1*', '0']);
    }
  });

  it('keeps acknowledged pins and deletes when the writer never closed (crash), in the active segment', async () => {
    const store = await DurableHookStore.open(dir, { maxHooks: 8, maxBytes: 0, segmentHooks: 4 });
    try {
      for (let i = 0; i < 6; i++) await store.add(makeHook(i, randomBytes(200)));
      await store.setPinned([idOf(0), idOf(4)], true);
      await store.delete([idOf(2), idOf(4)]);
      for (let i = 6; i < 20; i++) await store.add(makeHook(i, randomBytes(200)));
      // A copy taken now is what a kill -9 leaves: no index file or horizon written at close.
      await fs.cp(dir, `${dir}-copy`, { recursive: true });
    } finally {
      await store.close();
    }
    const copy = `${dir}-copy`;
    await fs.rm(path.join(copy, LOCK_FILE), { force: true });
    for (const open of [
      () => DurableHookStore.openReadOnly(copy),
      () => DurableHookStore.open(copy, { maxHooks: 8 }),
    ]) {
      const reopened = await open();
      try {
        const state = stateOf(reopened);
        assert.ok(state.includes('0*'), state.join());
        assert.ok(!state.includes('2') && !state.includes('4') && !state.includes('4*'), state.join());
        assert.equal(state[0], '19');
      } finally {
        await reopened.close();
      }
    }
  });

  it('stays consistent under concurrent adds, pins, unpins, deletes and forwards, and reopens the same', async function () {
    this.timeout(30_000);
    const options: DurableStoreOptions = { maxHooks: 100, maxBytes: 0, segmentHooks: 16 };
    const store = await DurableHookStore.open(dir, options);
    const bodies = new Map<string, Buffer>();
    const pinned = new Set<string>();
    const deleted = new Set<string>();
    const snapshot = (s: DurableHookStore): string[] => s.list().map((h) => JSON.stringify(h));
    let expected: string[] | undefined;
    let n = 0;
    try {
      for (let wave = 0; wave < 25; wave++) {
        const listed = store.list().map((h) => h.id);
        const recent = listed.slice(0, 20);
        const pick = (from: readonly string[], count: number, taken: Set<string>): string[] => {
          const out: string[] = [];
          for (let tries = 0; out.length < count && tries < 50 && from.length > 0; tries++) {
            const id = from[randomInt(from.length)] as string;
            if (!taken.has(id)) {
              taken.add(id);
              out.push(id);
            }
          }
          return out;
        };
        const taken = new Set<string>();
        const toPin = pick(recent, 3, taken);
        const toUnpin = pick([...pinned], 1, taken);
        const toDelete = pick(listed, 2, taken);
        const ops: Promise<void>[] = [];
        for (let k = 0; k < 30; k++) {
          const body = randomBytes(50 + randomInt(400));
          const hook = makeHook(n++, body);
          bodies.set(hook.id, body);
          ops.push(store.add(hook));
          if (k === 10) ops.push(store.setPinned(toPin, true));
          if (k === 15) ops.push(store.delete(toDelete));
          if (k === 20) ops.push(store.setPinned(toUnpin, false));
          if (k === 25 && recent[0]) ops.push(store.setForward(recent[0], { target: 'http://t', status: k, ms: wave }));
        }
        await Promise.all(ops);
        for (const id of toPin) pinned.add(id);
        for (const id of [...toUnpin, ...toDelete]) pinned.delete(id);
        for (const id of toDelete) deleted.add(id);

        const list = store.list();
        assert.equal(list.length, store.size);
        assert.equal(new Set(list.map((h) => h.id)).size, list.length, 'no duplicates');
        assert.deepEqual(store.newest(7), list.slice(0, 7));
        for (const id of pinned) assert.equal(store.get(id)?.pinned, true, `pinned ${id} is kept`);
        for (const hook of list) if (hook.pinned) assert.ok(pinned.has(hook.id), `${hook.id} is not pinned`);
        for (const id of deleted) assert.equal(store.get(id), undefined, `deleted ${id} is gone`);
        assert.ok(store.size <= 100 || list.slice(1).every((h) => h.pinned), 'over the limit only with pins');
      }
      for (const hook of store.list()) assert.deepEqual(await store.readBody(hook.id), bodies.get(hook.id), hook.id);
      expected = snapshot(store);
    } finally {
      await store.close();
    }
    assert.ok(expected && expected.length >= 100);
    const reader = await DurableHookStore.openReadOnly(dir);
    assert.deepEqual(snapshot(reader), expected, 'a read-only open sees what the writer had');
    await reader.close();
    const reopened = await DurableHookStore.open(dir, options);
    try {
      assert.deepEqual(snapshot(reopened), expected);
      assert.deepEqual(stateOf(reopened).filter((s) => s.endsWith('*')).length, pinned.size);
      for (const id of deleted) assert.equal(reopened.get(id), undefined);
      for (const hook of reopened.list()) assert.deepEqual(await reopened.readBody(hook.id), bodies.get(hook.id));
    } finally {
      await reopened.close();
    }
  });
});
