import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { HistoryLockedError, HistoryStore } from '../../../../src/core/store/history';
import { tempDir } from '../../helpers';
import { exchange, spill, text } from './fixtures/exchanges';

describe('HistoryStore', () => {
  let dir: string;
  let stores: HistoryStore[];

  beforeEach(async () => {
    dir = await tempDir('pushpull-history-');
    stores = [];
  });

  afterEach(async () => {
    for (const store of stores) await store.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function open(limits = { maxExchanges: 0, maxBytes: 0 }): Promise<HistoryStore> {
    const store = await HistoryStore.open(dir, { limits, owner: 'VS Code window test' });
    stores.push(store);
    return store;
  }

  async function reopen(store: HistoryStore, limits = { maxExchanges: 0, maxBytes: 0 }): Promise<HistoryStore> {
    await store.dispose();
    return open(limits);
  }

  it('keeps an exchange whole: summary, request, response, timings and bodies, also after reopening', async () => {
    const store = await open();
    const sent = exchange({
      method: 'POST',
      requestBody: { kind: 'bytes', bytes: Buffer.from('{"name":"octo"}') },
      status: 201,
    });
    const summary = await store.add(sent);
    assert.equal(summary.id, sent.id);
    assert.equal(summary.method, 'POST');
    assert.equal(summary.host, 'api.example.com');
    assert.equal(summary.status, 201);
    assert.equal(summary.contentType, 'application/json');
    assert.equal(summary.size, (sent.response.raw as { bytes: Uint8Array }).bytes.length);
    assert.equal(summary.totalMs, 16);
    for (const current of [store, 'reopened'] as const) {
      const history = current === 'reopened' ? await reopen(store) : current;
      const kept = await history.get(sent.id);
      assert.ok(kept);
      assert.deepEqual(kept.request.headers, sent.request.headers);
      assert.equal(kept.request.body.kind, 'bytes');
      assert.equal(text(kept.request.body.kind === 'bytes' ? kept.request.body.bytes : undefined), '{"name":"octo"}');
      assert.deepEqual(kept.response.timings, sent.response.timings);
      assert.deepEqual(kept.response.headers, sent.response.headers);
      assert.equal(kept.response.decoded, kept.response.raw);
      assert.equal(text(await history.readBody(sent.id)), text((sent.response.raw as { bytes: Uint8Array }).bytes));
      assert.equal(text(await history.readBody(sent.id, 'raw', 5)), '{"n":');
      assert.equal(history.summary(sent.id)?.url, sent.request.url);
    }
  });

  it('lists newest first and keeps that order and the pins across reopening', async () => {
    let store = await open();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await store.add(exchange())).id);
    await store.setPinned([ids[3] as string, ids[10] as string], true);
    await store.setPinned([ids[10] as string], false);
    const expected = [...ids].reverse();
    assert.deepEqual(
      store.list().map((s) => s.id),
      expected,
    );
    store = await reopen(store);
    assert.deepEqual(
      store.list().map((s) => s.id),
      expected,
    );
    assert.deepEqual(
      store.newest(3).map((s) => s.id),
      expected.slice(0, 3),
    );
    assert.deepEqual(
      store
        .list()
        .filter((s) => s.pinned)
        .map((s) => s.id),
      [ids[3]],
    );
  });

  it('moves file bodies from the spill folder into bodies/, named by the exchange id, and copies a request file from elsewhere', async () => {
    let store = await open();
    const big = Buffer.alloc(300_000, 'a');
    const gzipped = Buffer.alloc(200_000, 'g');
    const raw = await spill(store.spillDir, 'raw-1', gzipped);
    const decoded = await spill(store.spillDir, 'decoded-1', big);
    const outside = path.join(dir, '..', `${path.basename(dir)}-upload.bin`);
    await fs.writeFile(outside, Buffer.alloc(100_000, 'u'));
    try {
      const sent = exchange({ raw, decoded, requestBody: { kind: 'file', path: outside, size: 100_000 } });
      const summary = await store.add(sent);
      assert.equal(summary.size, big.length);
      await assert.rejects(fs.stat(path.join(store.spillDir, 'raw-1')), { code: 'ENOENT' });
      await assert.rejects(fs.stat(path.join(store.spillDir, 'decoded-1')), { code: 'ENOENT' });
      assert.equal((await fs.stat(outside)).size, 100_000, "the user's own file stays");
      assert.deepEqual((await fs.readdir(path.join(dir, 'bodies'))).sort(), [
        `${sent.id}.raw`,
        `${sent.id}.req`,
        `${sent.id}.res`,
      ]);
      assert.equal(store.size.bytes, big.length + gzipped.length + 100_000);
      store = await reopen(store);
      const ref = await store.bodyRef(sent.id);
      assert.equal(ref?.kind, 'file');
      assert.equal(ref.kind === 'file' ? path.dirname(ref.path) : '', path.join(dir, 'bodies'));
      assert.deepEqual(await store.readBody(sent.id), big);
      assert.deepEqual(await store.readBody(sent.id, 'raw', 10), gzipped.subarray(0, 10));
      const mode = (await fs.stat(path.join(dir, 'bodies', `${sent.id}.res`))).mode & 0o777;
      assert.equal(mode, 0o600);
    } finally {
      await fs.rm(outside, { force: true });
    }
  });

  it('keeps a large body held in memory in a file of its own', async () => {
    const store = await open();
    const bytes = Buffer.alloc(500_000, 'm');
    const sent = exchange({ raw: { kind: 'memory', bytes } });
    await store.add(sent);
    assert.deepEqual(await fs.readdir(path.join(dir, 'bodies')), [`${sent.id}.raw`]);
    assert.deepEqual(await store.readBody(sent.id), bytes);
  });

  it('refuses a second opener of the folder, naming the window that has it', async () => {
    await open();
    const refused = await HistoryStore.open(dir, { owner: 'another window' }).then(
      () => assert.fail('the folder is in use'),
      (error: unknown) => error,
    );
    assert.ok(refused instanceof HistoryLockedError);
    assert.equal(refused.code, 'HISTORY_LOCKED');
    assert.match(refused.message, /in use by VS Code window test \(pid \d+\)/);
    assert.equal(refused.owner.pid, process.pid);
  });

  it('refuses an id that cannot name a file, and an id it already has, keeping nothing of either', async () => {
    const store = await open();
    await assert.rejects(store.add(exchange({ id: '../escape' })), { code: 'HISTORY_BAD_EXCHANGE' });
    const first = exchange();
    await store.add(first);
    await assert.rejects(store.add(exchange({ id: first.id })), { code: 'HISTORY_BAD_EXCHANGE' });
    assert.equal(store.size.exchanges, 1);
  });

  it('refuses an exchange whose body file is gone with a clear error, and keeps nothing of it', async () => {
    const store = await open();
    const missing = { kind: 'file' as const, path: path.join(store.spillDir, 'never-written'), size: 10 };
    await assert.rejects(store.add(exchange({ raw: missing })), /is gone, so the exchange was not kept/);
    assert.equal(store.size.exchanges, 0);
    assert.deepEqual(await fs.readdir(path.join(dir, 'bodies')), []);
  });

  it('fires onDidChange after an add, a pin and a delete', async () => {
    const store = await open();
    let fired = 0;
    const next = (): Promise<void> =>
      new Promise((resolve) => {
        const sub = store.onDidChange(() => {
          fired++;
          sub.dispose();
          resolve();
        });
      });
    let change = next();
    const { id } = await store.add(exchange());
    await change;
    change = next();
    await store.setPinned([id], true);
    await change;
    change = next();
    await store.delete([id]);
    await change;
    assert.equal(fired, 3);
    assert.equal(store.size.exchanges, 0);
  });

  it('keeps summaries bounded: a hostile 1 MB URL is cut in memory and whole in the record', async () => {
    let store = await open();
    const url = `https://api.example.com/search?q=${'z'.repeat(1_000_000)}`;
    const sent = exchange({ url });
    const summary = await store.add(sent);
    assert.ok(summary.url.length <= 2048);
    assert.ok(summary.url.startsWith('https://api.example.com/search?q=zzz'));
    store = await reopen(store);
    assert.ok((store.summary(sent.id)?.url.length ?? Infinity) <= 2048);
    assert.equal((await store.get(sent.id))?.request.url, url);
  });

  it('moves a body file from another device by copying it and removing the original', async function () {
    // /dev/shm is a tmpfs beside the disk the temp folder is on, where there is one.
    const other = await fs.mkdtemp('/dev/shm/pushpull-history-').catch(() => undefined);
    if (!other) return this.skip();
    try {
      if ((await fs.stat(other)).dev === (await fs.stat(dir)).dev) return this.skip();
      const store = await open();
      const bytes = Buffer.alloc(150_000, 'd');
      const sent = exchange({ raw: await spill(other, 'answer', bytes) });
      await store.add(sent);
      await assert.rejects(fs.stat(path.join(other, 'answer')), { code: 'ENOENT' });
      assert.deepEqual(await store.readBody(sent.id), bytes);
      assert.equal((await fs.stat(path.join(dir, 'bodies', `${sent.id}.raw`))).mode & 0o777, 0o600);
    } finally {
      await fs.rm(other, { recursive: true, force: true });
    }
  });

  it('keeps its folders 0700 and its files 0600, whatever the umask', async () => {
    const umask = process.umask(0o022);
    try {
      const store = await open();
      const sent = exchange({ raw: { kind: 'memory', bytes: Buffer.alloc(100_000, 'p') } });
      await store.add(sent);
      await store.setPinned([sent.id], true);
      await store.dispose();
      for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
        const mode = (await fs.stat(path.join(entry.parentPath, entry.name))).mode & 0o777;
        assert.equal(mode, entry.isDirectory() ? 0o700 : 0o600, `${entry.name} is ${mode.toString(8)}`);
      }
    } finally {
      process.umask(umask);
    }
  });
});
