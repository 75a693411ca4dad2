import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { DurableHookStore } from '../../../src/core/store/durable';
import { tempDir } from '../helpers';
import { anyFileContains, makeHook, storeFiles } from './fixtures/hooks';

describe('DurableHookStore: retention and clear', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir('pushpull-retention-');
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const idOf = (n: number): string => makeHook(n, '').id;

  it('keeps the newest maxHooks, deletes segments whose hooks are all dropped, and stays so after reopen', async () => {
    const store = await DurableHookStore.open(dir, { maxHooks: 20, maxBytes: 0 });
    const bodies: Buffer[] = [];
    for (let i = 0; i < 200; i++) {
      bodies.push(randomBytes(200));
      await store.add(makeHook(i, bodies[i] as Buffer));
    }
    assert.equal(store.size, 20);
    assert.deepEqual(
      store.list().map((h) => h.id),
      Array.from({ length: 20 }, (_, k) => idOf(199 - k)),
    );
    assert.equal(store.get(idOf(0)), undefined);
    assert.equal(await store.readBody(idOf(100)), undefined);
    await store.close();
    const segments = await storeFiles(dir, 'seg');
    assert.ok(segments.length <= 3, `old segments deleted (${segments.length} left)`);
    assert.equal(await anyFileContains(dir, bodies[0] as Buffer), false, 'the oldest body is gone from disk');

    const reopened = await DurableHookStore.open(dir, { maxHooks: 20, maxBytes: 0 });
    assert.deepEqual(
      reopened.list().map((h) => h.id),
      Array.from({ length: 20 }, (_, k) => idOf(199 - k)),
    );
    assert.deepEqual(await reopened.readBody(idOf(199)), bodies[199]);
    await reopened.close();
  });

  it('lets a reader see what retention dropped while the writer is still open, soon after', async () => {
    const store = await DurableHookStore.open(dir, { maxHooks: 5, maxBytes: 0 });
    try {
      for (let i = 0; i < 50; i++) await store.add(makeHook(i, randomBytes(100)));
      assert.equal(store.size, 5);
      let listed = Number.POSITIVE_INFINITY;
      for (let attempt = 0; attempt < 40 && listed !== 5; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const reader = await DurableHookStore.openReadOnly(dir);
        listed = reader.size;
        await reader.close();
      }
      assert.equal(listed, 5, 'a reader lists only the hooks the writer keeps');
    } finally {
      await store.close();
    }
  });

  it('keeps the newest hooks within maxBytes', async () => {
    const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 50_000 });
    for (let i = 0; i < 100; i++) await store.add(makeHook(i, randomBytes(2000)));
    const perHook = store.totalBytes / store.size;
    assert.ok(store.totalBytes <= 50_000, `${store.totalBytes} bytes kept`);
    assert.ok(store.totalBytes + perHook > 50_000, `as many as fit: ${store.size} hooks of ${perHook} bytes`);
    assert.equal(store.list()[0]?.id, idOf(99));
    await store.close();
  });

  it('keeps the newest hook even when it alone is over maxBytes', async () => {
    const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 1000 });
    await store.add(makeHook(1, randomBytes(5000)));
    await store.add(makeHook(2, randomBytes(5000)));
    assert.deepEqual(
      store.list().map((h) => h.id),
      [idOf(2)],
    );
    await store.close();
  });

  it('applies lowered limits at once; 0 means unlimited', async () => {
    const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
    for (let i = 0; i < 50; i++) await store.add(makeHook(i, '{}'));
    assert.equal(store.size, 50);
    store.setRetention({ maxHooks: 5 });
    assert.equal(store.size, 5);
    assert.equal(store.list()[4]?.id, idOf(45));
    assert.throws(() => store.setRetention({ maxBytes: -3 }), { code: 'STORE_BAD_OPTIONS' });
    await store.close();
  });

  it('clear() deletes every hook from disk, also for later openers', async () => {
    const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0, segmentBytes: 2000 });
    const marker = Buffer.from('secret-token-4c1d0e');
    for (let i = 0; i < 20; i++) await store.add(makeHook(i, Buffer.concat([marker, randomBytes(200)])));
    await store.clear();
    assert.equal(store.size, 0);
    assert.deepEqual(store.list(), []);
    assert.equal(await store.readBody(idOf(3)), undefined);
    assert.equal(await anyFileContains(dir, marker), false, 'no file holds a cleared body');
    assert.equal((await storeFiles(dir, 'idx')).length, 0);
    await store.add(makeHook(100, 'after'));
    await store.close();

    const reopened = await DurableHookStore.open(dir);
    assert.deepEqual(
      reopened.list().map((h) => h.id),
      [idOf(100)],
    );
    await reopened.close();
  });

  it('clear() leaves no marker behind once done', async () => {
    const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0, segmentBytes: 2000 });
    for (let i = 0; i < 20; i++) await store.add(makeHook(i, randomBytes(200)));
    await store.clear();
    await store.close();
    assert.deepEqual(
      (await fs.readdir(dir)).filter((name) => name.includes('cleared')),
      [],
    );
  });

  it('a Clear All cut short (its marker made, old segments not all deleted yet) brings none of them back', async () => {
    const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0, segmentBytes: 2000 });
    for (let i = 0; i < 20; i++) await store.add(makeHook(i, randomBytes(200)));
    await store.close();
    const segments = await storeFiles(dir, 'seg');
    assert.ok(segments.length > 3);
    // What a crash leaves after clear() made its marker and deleted only the oldest segment.
    const next = segments.length + 1;
    await fs.writeFile(path.join(dir, `hooks-cleared-${String(next).padStart(8, '0')}`), '');
    await fs.rm(segments[0] as string);

    const reader = await DurableHookStore.openReadOnly(dir);
    assert.deepEqual(reader.list(), []);
    await reader.close();
    const reopened = await DurableHookStore.open(dir);
    assert.deepEqual(reopened.list(), []);
    await reopened.add(makeHook(100, 'after'));
    await reopened.close();
    assert.deepEqual(await storeFiles(dir, 'seg'), [path.join(dir, `hooks-${String(next).padStart(8, '0')}.seg`)]);
    assert.ok(!(await fs.readdir(dir)).some((name) => name.includes('cleared')), 'the marker is gone');
    const again = await DurableHookStore.open(dir);
    assert.deepEqual(
      again.list().map((h) => h.id),
      [idOf(100)],
    );
    await again.close();
  });

  it('clear() between concurrent adds: those before are gone, those after are kept', async () => {
    const store = await DurableHookStore.open(dir);
    const before = Array.from({ length: 10 }, (_, i) => store.add(makeHook(i, 'x')));
    const cleared = store.clear();
    const after = Array.from({ length: 5 }, (_, i) => store.add(makeHook(100 + i, 'y')));
    await Promise.all([...before, cleared, ...after]);
    assert.deepEqual(
      store.list().map((h) => h.id),
      [104, 103, 102, 101, 100].map(idOf),
    );
    await store.close();
  });
});
