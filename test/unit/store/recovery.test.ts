import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { DurableHookStore } from '../../../src/core/store/durable';
import { LOCK_FILE } from '../../../src/core/store/journal/lock';
import { arrivalOf } from '../../../src/core/model/arrival';
import { encodeHook } from '../../../src/core/store/durable/hookRecords';
import { tempDir } from '../helpers';
import { makeHook, RecordingLogger, storeFiles } from './fixtures/hooks';

describe('DurableHookStore: recovery from torn and damaged records', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir('pushpull-recovery-');
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function fill(count: number, options = {}): Promise<Buffer[]> {
    const store = await DurableHookStore.open(dir, options);
    const bodies = Array.from({ length: count }, () => randomBytes(300));
    for (let i = 0; i < count; i++) await store.add(makeHook(i, bodies[i] as Buffer));
    await store.close();
    return bodies;
  }

  async function lastSegment(): Promise<string> {
    const segments = await storeFiles(dir, 'seg');
    return segments[segments.length - 1] as string;
  }

  async function expectIntact(store: DurableHookStore, bodies: Buffer[], missing: number[] = []): Promise<void> {
    const kept = bodies.map((_, i) => i).filter((i) => !missing.includes(i));
    assert.deepEqual(
      store.list().map((h) => h.id),
      kept.map((i) => makeHook(i, '').id).reverse(),
    );
    for (const i of kept) assert.deepEqual(await store.readBody(makeHook(i, '').id), bodies[i]);
  }

  for (const [name, cut] of [
    ['inside the fixed header', 20],
    ['inside the metadata', 60],
    ['inside the body', -10],
  ] as const) {
    it(`cuts off a torn last record (${name}), logs it and keeps the rest`, async () => {
      const bodies = await fill(5);
      const segment = await lastSegment();
      const goodSize = (await fs.stat(segment)).size;
      const torn = encodeHook(arrivalOf(makeHook(99, randomBytes(300))));
      const whole = Buffer.concat([torn.head, ...torn.bodyParts]);
      await fs.appendFile(segment, whole.subarray(0, cut > 0 ? cut : whole.length + cut));

      const logger = new RecordingLogger();
      const store = await DurableHookStore.open(dir, { logger });
      await expectIntact(store, bodies);
      assert.equal(logger.at('warn').filter((m) => m.includes('torn')).length, 1, logger.lines.join('\n'));
      assert.equal((await fs.stat(segment)).size, goodSize, 'the torn bytes are truncated away');
      await store.add(makeHook(5, Buffer.from('after')));
      await store.close();

      const again = new RecordingLogger();
      const reopened = await DurableHookStore.open(dir, { logger: again });
      await expectIntact(reopened, [...bodies, Buffer.from('after')]);
      assert.deepEqual(again.lines, [], 'nothing to report the second time');
      await reopened.close();
    });
  }

  it('drops the index written at close when the segment was cut short since, so a crash later never trusts it', async () => {
    const bodies = await fill(4);
    assert.equal((await storeFiles(dir, 'idx')).length, 1, 'close indexed the active segment');
    const segment = await lastSegment();
    await fs.truncate(segment, (await fs.stat(segment)).size - 10);
    const store = await DurableHookStore.open(dir);
    await expectIntact(store, bodies.slice(0, 3));
    // These land where the cut record was: the old index file says another hook is there.
    const later = [Buffer.from('later 4'), Buffer.from('later 5')];
    await store.add(makeHook(4, later[0] as Buffer));
    await store.add(makeHook(5, later[1] as Buffer));
    // A copy taken now is what a kill -9 leaves.
    const copy = `${dir}-copy`;
    await fs.cp(dir, copy, { recursive: true });
    await store.close();
    try {
      await fs.rm(path.join(copy, LOCK_FILE), { force: true });
      const crashed = await DurableHookStore.open(copy);
      const ids = [0, 1, 2, 4, 5];
      assert.deepEqual(
        crashed.list().map((h) => h.id),
        ids.map((i) => makeHook(i, '').id).reverse(),
      );
      const expected = [...bodies.slice(0, 3), ...later];
      for (const [n, i] of ids.entries()) {
        assert.deepEqual(await crashed.readBody(makeHook(i, '').id), expected[n], `hook ${i}`);
      }
      await crashed.close();
    } finally {
      await fs.rm(copy, { recursive: true, force: true });
    }
  });

  it('treats a zero-filled tail (file grown, data never written) as torn', async () => {
    const bodies = await fill(3);
    await fs.appendFile(await lastSegment(), Buffer.alloc(4096));
    const logger = new RecordingLogger();
    const store = await DurableHookStore.open(dir, { logger });
    await expectIntact(store, bodies);
    assert.equal(logger.at('warn').length, 1);
    await store.close();
  });

  it('skips a damaged record in the middle, logs it as an error and keeps the records after it', async () => {
    const bodies = await fill(5);
    // As after a crash: no index file written at close covers these records.
    for (const idx of await storeFiles(dir, 'idx')) await fs.rm(idx);
    const segment = await lastSegment();
    const content = await fs.readFile(segment);
    const at = content.indexOf(bodies[1] as Buffer);
    assert.ok(at > 0);
    content[at + 5] = (content[at + 5] as number) ^ 0x01;
    await fs.writeFile(segment, content);

    const logger = new RecordingLogger();
    const store = await DurableHookStore.open(dir, { logger });
    await expectIntact(store, bodies, [1]);
    assert.equal(logger.at('error').length, 1);
    assert.match(logger.at('error')[0] ?? '', /body checksum/);
    assert.equal((await fs.stat(segment)).size, content.length, 'nothing after the damage is cut');
    await store.close();
  });

  it('reports a body damaged after its segment was indexed as STORE_CORRUPT when it is read', async () => {
    const bodies = await fill(12, { maxHooks: 0, maxBytes: 0, segmentBytes: 1500 });
    const [first] = await storeFiles(dir, 'seg');
    assert.ok(first && (await storeFiles(dir, 'idx')).length > 0);
    const content = await fs.readFile(first);
    const at = content.indexOf(bodies[0] as Buffer);
    content[at] = (content[at] as number) ^ 0xff;
    await fs.writeFile(first, content);

    const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0, segmentBytes: 1500 });
    // The index file lists the hook (bodies are checked when read, not at open)…
    assert.ok(store.get(makeHook(0, '').id));
    await assert.rejects(store.readBody(makeHook(0, '').id), { code: 'STORE_CORRUPT' });
    assert.deepEqual(await store.readBody(makeHook(1, '').id), bodies[1]);
    await store.close();
  });

  it('reads a store whose writer is in the middle of a record, without changing it', async () => {
    const bodies = await fill(4);
    const writer = await DurableHookStore.open(dir);
    const segment = await lastSegment();
    const torn = encodeHook(arrivalOf(makeHook(50, randomBytes(300))));
    await fs.appendFile(segment, torn.head);
    const sizeBefore = (await fs.stat(segment)).size;

    const logger = new RecordingLogger();
    const reader = await DurableHookStore.openReadOnly(dir, { logger });
    await expectIntact(reader, bodies);
    assert.equal(logger.at('error').length, 0);
    assert.equal((await fs.stat(segment)).size, sizeBefore, 'a reader never truncates');
    await reader.close();
    await writer.close();
  });
});
