import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { DurableHookStore } from '../../../src/core/store/durable';
import { tableCrc32 } from '../../../src/core/store/journal/crc32';
import { tempDir } from '../helpers';
import { makeHook, storeFiles } from './fixtures/hooks';

describe('DurableHookStore: storing and reading', () => {
  let dir: string;
  let store: DurableHookStore | undefined;

  beforeEach(async () => {
    dir = await tempDir('pushpull-store-');
  });

  afterEach(async () => {
    await store?.close();
    store = undefined;
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('keeps every field and the exact body bytes across a reopen', async () => {
    store = await DurableHookStore.open(dir);
    const binary = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x0d, 0x22, 0x5c, 0xc3, 0x28]);
    const hooks = [
      makeHook(1, '{"a":1}'),
      makeHook(2, binary, { contentType: undefined, flags: ['invalid-json'], route: 'github' }),
      makeHook(3, new Uint8Array(0), {
        method: 'GET',
        url: '/github/webhook',
        fullUrl: 'http://127.0.0.1:8787/github/webhook',
        query: [],
      }),
      makeHook(4, '{"emoji":"😀","quote":"\\"","ctl":"\\u0001"}', {
        headers: [['X-Ünïcode', 'välue 😀']],
      }),
    ];
    for (const hook of hooks) await store.add(hook);
    await store.close();

    store = await DurableHookStore.open(dir);
    assert.equal(store.size, 4);
    assert.deepEqual(
      store.list().map((h) => h.id),
      hooks.map((h) => h.id).reverse(),
    );
    for (const hook of hooks) {
      const { body, ...meta } = hook;
      const stored = store.get(hook.id);
      assert.ok(stored, hook.id);
      assert.deepEqual(stored.toJSON(), JSON.parse(JSON.stringify(meta)));
      assert.deepEqual(stored.headers, hook.headers);
      assert.deepEqual(stored.query, hook.query);
      assert.deepEqual(Buffer.from((await store.readBody(hook.id)) ?? []), Buffer.from(body));
    }
    assert.equal(await store.readBody('no-such-id'), undefined);
  });

  it('writes bodies as raw bytes, not escaped', async () => {
    store = await DurableHookStore.open(dir);
    const body = Buffer.from('{"text":"line\\nbreak \\"quoted\\" \\u00e9"}\n\u0000\u00ff', 'latin1');
    await store.add(makeHook(1, body));
    const [segment] = await storeFiles(dir, 'seg');
    assert.ok(segment);
    const content = await fs.readFile(segment);
    assert.ok(content.includes(body), 'the body bytes are in the segment file verbatim');
  });

  it('has the record on disk when add() resolves', async () => {
    store = await DurableHookStore.open(dir);
    const body = randomBytes(5000);
    await store.add(makeHook(1, body));
    const [segment] = await storeFiles(dir, 'seg');
    assert.ok(segment);
    assert.ok((await fs.readFile(segment)).includes(body));
  });

  it('commits concurrent adds together: fewer fdatasyncs than hooks', async () => {
    store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
    const s = store;
    const hooks = Array.from({ length: 200 }, (_, i) => makeHook(i, randomBytes(1024)));
    await Promise.all(hooks.map((h) => s.add(h)));
    const stats = store.stats();
    assert.equal(stats.recordsCommitted, 200);
    assert.equal(stats.hooks, 200);
    assert.ok(stats.commits < 20, `expected batching, got ${stats.commits} commits for 200 hooks`);
    assert.deepEqual(
      store.list().map((h) => h.id),
      hooks.map((h) => h.id).reverse(),
      'arrival order is kept',
    );
  });

  it('returns the same newest-first array until the store changes, and newest(n) without it', async () => {
    store = await DurableHookStore.open(dir);
    for (let i = 0; i < 5; i++) await store.add(makeHook(i, `{"i":${i}}`));
    const first = store.list();
    assert.equal(store.list(), first, 'no rebuild when nothing changed');
    assert.deepEqual(
      store.newest(2).map((h) => h.id),
      first.slice(0, 2).map((h) => h.id),
    );
    await store.add(makeHook(9, '{}'));
    assert.notEqual(store.list(), first);
    assert.equal(store.list()[0]?.id, makeHook(9, '').id);
  });

  it('keeps forward results across a reopen', async () => {
    store = await DurableHookStore.open(dir);
    await store.add(makeHook(1, '{}'));
    await store.add(makeHook(2, '{}'));
    const id = makeHook(1, '').id;
    await store.setForward(id, { target: 'http://localhost:3000', status: 502, ms: 12, body: 'bad gateway' });
    await store.setForward('unknown', { target: 'http://x', ms: 1, error: 'nope' });
    await store.close();
    store = await DurableHookStore.open(dir);
    assert.deepEqual(store.get(id)?.forward, {
      target: 'http://localhost:3000',
      status: 502,
      ms: 12,
      body: 'bad gateway',
    });
    assert.equal(store.get(makeHook(2, '').id)?.forward, undefined);
  });

  it('refuses writes after close and on a read-only store, with stable codes; close twice is harmless', async () => {
    store = await DurableHookStore.open(dir);
    await store.add(makeHook(1, '{}'));
    await Promise.all([store.close(), store.close()]);
    await store.close();
    await assert.rejects(store.add(makeHook(2, '{}')), { code: 'STORE_CLOSED' });
    const reader = await DurableHookStore.openReadOnly(dir);
    assert.equal(reader.size, 1);
    await assert.rejects(reader.add(makeHook(3, '{}')), { code: 'STORE_READ_ONLY' });
    await assert.rejects(reader.clear(), { code: 'STORE_READ_ONLY' });
    await reader.close();
    await assert.rejects(DurableHookStore.openReadOnly(`${dir}/missing`), { code: 'STORE_NOT_FOUND' });
    await assert.rejects(DurableHookStore.open(dir, { maxHooks: -1 }), { code: 'STORE_BAD_OPTIONS' });
  });

  it('writes index files for sealed segments and reads the same hooks with or without them', async () => {
    store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0, segmentBytes: 4096 });
    const hooks = Array.from({ length: 30 }, (_, i) => makeHook(i, randomBytes(700 + i)));
    for (const hook of hooks) await store.add(hook);
    await store.setForward(hooks[3]?.id ?? '', { target: 'http://t', status: 200, ms: 1 });
    await store.close();
    const segments = await storeFiles(dir, 'seg');
    const indexes = await storeFiles(dir, 'idx');
    assert.ok(segments.length >= 5, `rotated into ${segments.length} segments`);
    assert.equal(indexes.length, segments.length, 'every segment, the active one too, is indexed at close');

    const snapshot = async (): Promise<string[]> => {
      const s = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0, segmentBytes: 4096 });
      try {
        const out: string[] = [];
        for (const meta of s.list()) {
          const body = Buffer.from((await s.readBody(meta.id)) ?? []);
          out.push(JSON.stringify(meta) + body.toString('base64'));
        }
        return out;
      } finally {
        await s.close();
      }
    };
    const withIndexes = await snapshot();
    assert.equal(withIndexes.length, 30);
    assert.ok(withIndexes.some((line) => line.includes('"forward"')));
    // Damage one index file and delete another: both segments are scanned instead, with the same result.
    const damaged = indexes[0] as string;
    const bytes = await fs.readFile(damaged);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0xff;
    await fs.writeFile(damaged, bytes);
    // The index files were written from the heads kept while writing; one made by reading back is the same.
    const written = await fs.readFile(indexes[1] as string);
    await fs.rm(indexes[1] as string);
    assert.deepEqual(await snapshot(), withIndexes);
    assert.equal((await storeFiles(dir, 'idx')).length, indexes.length, 'missing index files are written again');
    assert.deepEqual(await fs.readFile(indexes[1] as string), written);
  });

  it('reads the active segment through the index written at close plus a scan of what came after', async () => {
    store = await DurableHookStore.open(dir);
    for (let i = 0; i < 5; i++) await store.add(makeHook(i, `{"i":${i}}`));
    await store.close();
    assert.equal((await storeFiles(dir, 'idx')).length, 1);
    store = await DurableHookStore.open(dir);
    for (let i = 5; i < 8; i++) await store.add(makeHook(i, `{"i":${i}}`));
    // A copy taken now is what a crash would leave: the index covers 5 records, 3 more follow it.
    const copy = `${dir}-copy`;
    await fs.cp(dir, copy, { recursive: true });
    try {
      const [segment] = await storeFiles(copy, 'seg');
      const content = await fs.readFile(segment as string);
      const at = content.indexOf(Buffer.from('{"i":6}'));
      content[at + 5] = '9'.charCodeAt(0);
      await fs.writeFile(segment as string, content);
      const reader = await DurableHookStore.openReadOnly(copy);
      assert.deepEqual(
        reader.list().map((h) => h.id),
        [7, 5, 4, 3, 2, 1, 0].map((n) => makeHook(n, '').id),
        'the damaged record after the indexed part is found by its checksum and skipped',
      );
      assert.deepEqual(Buffer.from((await reader.readBody(makeHook(7, '').id)) ?? []), Buffer.from('{"i":7}'));
      await reader.close();
    } finally {
      await fs.rm(copy, { recursive: true, force: true });
    }
  });

  it('keeps one copy of values that repeat from hook to hook, and extra fields of newer hooks', async () => {
    const verdict = {
      status: 'no-secret' as const,
      provider: 'github' as const,
      reason: { code: 'no-secret' as const, message: 'm' },
    };
    store = await DurableHookStore.open(dir);
    for (let i = 0; i < 3; i++) {
      await store.add({ ...makeHook(i, '{}'), verdict: JSON.parse(JSON.stringify(verdict)) as typeof verdict });
    }
    await store.add({ ...makeHook(3, '{}'), verdict: { status: 'valid', provider: 'github' } });
    await store.close();
    store = await DurableHookStore.open(dir);
    const [a, b, c, d] = [0, 1, 2, 3].map((n) => store?.get(makeHook(n, '').id));
    assert.deepEqual(a?.verdict, verdict);
    assert.equal(a?.verdict, b?.verdict, 'equal verdicts are one object');
    assert.equal(b?.verdict, c?.verdict);
    assert.deepEqual(d?.verdict, { status: 'valid', provider: 'github' });
    assert.equal(a?.fullUrl, b?.fullUrl.replace('n=1', 'n=0'));
    assert.deepEqual(
      a?.headers,
      b?.headers.map(([n, v]) => [n, v.replace('delivery-1', 'delivery-0')]),
    );
  });

  it('computes CRC-32 exactly as zlib does (the fallback for older runtimes)', () => {
    const crc = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
    for (const size of [0, 1, 7, 1000, 65_537]) {
      const data = randomBytes(size);
      assert.equal(tableCrc32(data), crc ? crc(data) : tableCrc32(data));
    }
    assert.equal(tableCrc32(Buffer.from('123456789')), 0xcbf43926);
  });
});
