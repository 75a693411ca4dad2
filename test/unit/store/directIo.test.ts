import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { DurableHookStore } from '../../../src/core/store/durable';
import { tempDir } from '../helpers';
import { makeHook, RecordingLogger, storeFiles } from './fixtures/hooks';

describe('DurableHookStore: large appends with direct I/O', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir('pushpull-direct-');
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** Adds hooks in waves: each wave is one batch, large waves going out with O_DIRECT. */
  async function fillInWaves(store: DurableHookStore, sizes: number[][], first = 0): Promise<Map<string, Buffer>> {
    const bodies = new Map<string, Buffer>();
    let n = first;
    for (const wave of sizes) {
      await Promise.all(
        wave.map((size) => {
          const body = randomBytes(size);
          const hook = makeHook(n++, body);
          bodies.set(hook.id, body);
          return store.add(hook);
        }),
      );
    }
    return bodies;
  }

  it('mixes small buffered and large direct appends without losing a byte, and cuts the padding on close', async function () {
    const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
    if (process.platform === 'linux') assert.equal(store.stats().directIo, true, 'this file system takes O_DIRECT');
    const waves = [[10], [300_000], [7, 4096, 1], [200_000, 200_000], [5000], [1_000_000, 3], [4096 * 3], [1]];
    const bodies = await fillInWaves(store, waves);
    const bytes = store.totalBytes;
    await store.close();
    const [segment] = await storeFiles(dir, 'seg');
    assert.equal((await fs.stat(segment as string)).size, bytes, 'no zero padding is left after close');

    const logger = new RecordingLogger();
    const reopened = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0, logger });
    for (const [id, body] of bodies) assert.deepEqual(await reopened.readBody(id), body, id);
    // Appending after reopening continues the last, partial block correctly.
    const more = await fillInWaves(reopened, [[3], [400_000]], 100);
    assert.deepEqual(logger.lines, []);
    for (const [id, body] of [...bodies, ...more]) {
      assert.ok(Buffer.from((await reopened.readBody(id)) ?? []).equals(body), id);
    }
    await reopened.close();
  });

  it('takes up to a block of zeros at the end (a crash between a direct write and close) for padding, silently', async () => {
    const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0, segmentBytes: 200_000 });
    const bodies = await fillInWaves(store, [[150_000, 150_000], [100], [150_000, 150_000], [100]]);
    await store.close();
    const segments = await storeFiles(dir, 'seg');
    assert.ok(segments.length >= 2);
    // Leave padding behind both a sealed segment (its index gone too) and the last one.
    for (const segment of [segments[0] as string, segments[segments.length - 1] as string]) {
      await fs.appendFile(segment, Buffer.alloc(3000));
    }
    for (const idx of await storeFiles(dir, 'idx')) await fs.rm(idx);
    const logger = new RecordingLogger();
    const reopened = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0, logger });
    assert.deepEqual(logger.lines, [], 'padding is not damage');
    assert.equal(reopened.size, bodies.size);
    for (const [id, body] of bodies) assert.deepEqual(await reopened.readBody(id), body);
    await reopened.close();
  });

  it('stores the same bytes with direct I/O turned off', async () => {
    const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0, directIo: false });
    assert.equal(store.stats().directIo, false);
    const bodies = await fillInWaves(store, [[300_000], [5], [300_000, 10]]);
    await store.close();
    const reopened = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
    for (const [id, body] of bodies) assert.deepEqual(await reopened.readBody(id), body);
    await reopened.close();
  });
});
