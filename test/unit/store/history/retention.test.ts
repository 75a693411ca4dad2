import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { HistoryLimits } from '../../../../src/core/model/history';
import { HistoryStore } from '../../../../src/core/store/history';
import { tempDir } from '../../helpers';
import { RecordingLogger } from '../fixtures/hooks';
import { exchange, spill } from './fixtures/exchanges';

const NO_LIMITS: HistoryLimits = { maxExchanges: 0, maxBytes: 0 };

describe('HistoryStore: retention, pins, deletes and Clear', () => {
  let dir: string;
  let stores: HistoryStore[];

  beforeEach(async () => {
    dir = await tempDir('pushpull-history-retention-');
    stores = [];
  });

  afterEach(async () => {
    for (const store of stores) await store.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function open(limits: HistoryLimits = NO_LIMITS): Promise<HistoryStore> {
    const store = await HistoryStore.open(dir, { limits });
    stores.push(store);
    return store;
  }

  async function addMany(store: HistoryStore, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await store.add(exchange())).id);
    return ids;
  }

  const ids = (store: HistoryStore): string[] => store.list().map((s) => s.id);

  it('keeps the newest exchanges by count, never dropping a pinned one', async () => {
    const store = await open({ maxExchanges: 5, maxBytes: 0 });
    const first = await addMany(store, 3);
    await store.setPinned([first[0] as string], true);
    const more = await addMany(store, 10);
    assert.equal(store.size.exchanges, 5);
    assert.deepEqual(ids(store), [...more.slice(-4).reverse(), first[0]]);
  });

  it('keeps bytes under the limit counting request and response bodies, and always keeps the newest', async () => {
    const store = await open({ maxExchanges: 0, maxBytes: 1000 });
    const body = (n: number) => ({ kind: 'memory' as const, bytes: Buffer.alloc(n, 'r') });
    const a = await store.add(exchange({ raw: body(300), requestBody: { kind: 'bytes', bytes: Buffer.alloc(100) } }));
    const b = await store.add(exchange({ raw: body(300) }));
    assert.equal(store.size.bytes, 700);
    const c = await store.add(exchange({ raw: body(400) }));
    assert.deepEqual(ids(store), [c.id, b.id]);
    assert.equal(store.size.bytes, 700);
    // Larger than the limit on its own: the newest stays all the same.
    const d = await store.add(exchange({ raw: body(5000) }));
    assert.deepEqual(ids(store), [d.id]);
    assert.ok(a.id);
  });

  it('deletes the body files of dropped exchanges', async () => {
    const store = await open({ maxExchanges: 1, maxBytes: 0 });
    const first = exchange({ raw: await spill(store.spillDir, 'one', Buffer.alloc(200_000, 1)) });
    await store.add(first);
    const second = exchange({ raw: await spill(store.spillDir, 'two', Buffer.alloc(200_000, 2)) });
    await store.add(second);
    await store.dispose();
    assert.deepEqual(await fs.readdir(path.join(dir, 'bodies')), [`${second.id}.raw`]);
  });

  it('applies new limits at once, and keeps what they dropped dropped after a delete and a reopen', async () => {
    let store = await open();
    const all = await addMany(store, 10);
    await store.setLimits({ maxExchanges: 4, maxBytes: 0 });
    assert.deepEqual(ids(store), all.slice(-4).reverse());
    await store.delete([all[9] as string, all[8] as string]);
    await store.dispose();
    store = await open({ maxExchanges: 100, maxBytes: 0 });
    assert.deepEqual(ids(store), [all[7], all[6]]);
  });

  it('drops at once an exchange unpinned once retention has passed it', async () => {
    const store = await open({ maxExchanges: 2, maxBytes: 0 });
    const [first] = await addMany(store, 1);
    await store.setPinned([first as string], true);
    const later = await addMany(store, 4);
    // The pinned one counts toward the limit: it and the newest are left.
    assert.deepEqual(ids(store), [later[3], first]);
    await store.setPinned([first as string], false);
    assert.equal(store.summary(first as string), undefined);
    assert.deepEqual(ids(store), [later[3]]);
  });

  it('makes deletes and pins durable, pinned exchanges deletable too', async () => {
    let store = await open();
    const all = await addMany(store, 6);
    await store.setPinned([all[0] as string, all[1] as string], true);
    await store.delete([all[1] as string, all[2] as string, 'unknown-id']);
    store = await (async () => {
      await store.dispose();
      return open();
    })();
    assert.deepEqual(ids(store), [all[5], all[4], all[3], all[0]]);
    assert.equal(store.summary(all[0] as string)?.pinned, true);
    assert.equal(await store.get(all[2] as string), undefined);
  });

  it('clears everything, pinned exchanges and body files too, and stays cleared after reopening', async () => {
    let store = await open();
    await addMany(store, 5);
    const big = exchange({ raw: await spill(store.spillDir, 'big', Buffer.alloc(100_000, 7)) });
    await store.add(big);
    await store.setPinned([big.id], true);
    await store.clear();
    assert.equal(store.size.exchanges, 0);
    const after = await store.add(exchange());
    await store.dispose();
    store = await open();
    assert.deepEqual(ids(store), [after.id]);
    assert.deepEqual(await fs.readdir(path.join(dir, 'bodies')), []);
  });

  it('deletes segment files once nothing in them is kept', async () => {
    const store = await open({ maxExchanges: 10, maxBytes: 0 });
    // Records of ~60 KB fill a segment of 8 MiB in about 140: three segments' worth.
    const body = Buffer.alloc(60_000, 's');
    for (let i = 0; i < 400; i++) await store.add(exchange({ raw: { kind: 'memory', bytes: body } }));
    await store.dispose();
    const segments = (await fs.readdir(path.join(dir, 'journal'))).filter((name) => name.endsWith('.seg'));
    assert.equal(segments.length, 1, segments.join(', '));
  });

  it('refuses limits that make no sense with a clear error, and keeps the ones it had', async () => {
    const store = await open({ maxExchanges: 3, maxBytes: 0 });
    await assert.rejects(store.setLimits({ maxExchanges: -1, maxBytes: 0 }), {
      code: 'HISTORY_BAD_OPTIONS',
      message: /maxExchanges must be a whole number ≥ 0 \(0 = no limit\), not -1/,
    });
    await addMany(store, 5);
    assert.equal(store.size.exchanges, 3);
    await assert.rejects(HistoryStore.open(path.join(dir, 'other'), { limits: { maxBytes: 1.5 } }), {
      code: 'HISTORY_BAD_OPTIONS',
    });
  });

  it('opens with a warning when state.json is damaged, keeping every exchange (pins are lost)', async () => {
    let store = await open();
    const all = await addMany(store, 3);
    await store.setPinned([all[0] as string], true);
    await store.dispose();
    await fs.writeFile(path.join(dir, 'state.json'), '{"pinned": [');
    const logger = new RecordingLogger();
    store = await HistoryStore.open(dir, { logger });
    stores.push(store);
    assert.deepEqual(ids(store), [...all].reverse());
    assert.equal(store.summary(all[0] as string)?.pinned, false);
    assert.match(logger.at('warn')[0] ?? '', /state\.json could not be read; pins and deletions made before are lost/);
  });
});
