import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { BodySearch } from '../../../../src/core/hooks/query/bodySearch';
import { DurableHookStore } from '../../../../src/core/store/durable';
import { tempDir } from '../../helpers';
import { makeHook } from '../../store/fixtures/hooks';

describe('Body-text search of stored hooks', () => {
  let dir: string;
  let store: DurableHookStore;
  /** Ids in the order their bodies were read, reads running now, and the most that ran at the same time. */
  let reads: string[];
  let inFlight: number;
  let most: number;

  /** The store's own readBody, recording what was read and how many reads ran at once. */
  async function readBody(id: string): Promise<Uint8Array | undefined> {
    reads.push(id);
    most = Math.max(most, ++inFlight);
    try {
      return await store.readBody(id);
    } finally {
      inFlight--;
    }
  }

  /** Stores hooks 0..n-1 of `size` bytes each; those in `matching` contain "Needle" near the end. */
  async function addHooks(n: number, size: number, matching: (i: number) => boolean): Promise<void> {
    for (let i = 0; i < n; i++) {
      const text = matching(i) ? 'the NEEDLE is here' : 'nothing to see';
      await store.add(makeHook(i, `{"pad":"${'x'.repeat(size - text.length - 20)}","t":"${text}"}`));
    }
  }

  const ids = (hooks: ReadonlyArray<{ id: string }>) => hooks.map((h) => h.id);

  beforeEach(async () => {
    dir = await tempDir('pushpull-bodysearch-');
    store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
    reads = [];
    most = 0;
    inFlight = 0;
  });

  afterEach(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('reads at most the budget per round, newest first, until every body is searched, hiding no match', async () => {
    await addHooks(10, 100_000, (i) => i % 3 === 0);
    const hooks = store.list();
    const expected = ids(hooks.filter((_, i) => (9 - i) % 3 === 0));
    const search = new BodySearch('needle', readBody, 350_000);
    const rounds: Array<{ matches: string[]; pending: number; read: string[] }> = [];
    for (let pending = hooks.length; pending > 0;) {
      const before = reads.length;
      const round = await search.search(hooks);
      rounds.push({ matches: ids(round.matches), pending: round.pending, read: reads.slice(before) });
      // Every matching hook is either found or still to be searched.
      const searched = new Set(reads);
      assert.deepEqual(
        ids(round.matches),
        expected.filter((id) => searched.has(id)),
      );
      assert.equal(round.pending, hooks.length - searched.size);
      pending = round.pending;
    }
    assert.deepEqual(
      rounds.map((r) => r.read.length),
      [3, 3, 3, 1],
    );
    assert.deepEqual(reads, ids(hooks), 'newest first, each body once');
    assert.deepEqual(rounds.at(-1)?.matches, expected);
  });

  it('keeps answers: later rounds read only new hooks, and forget hooks no longer asked about', async () => {
    await addHooks(5, 1000, (i) => i === 2);
    const search = new BodySearch('needle', readBody);
    const first = await search.search(store.list());
    assert.equal(first.pending, 0);
    assert.equal(first.matches.length, 1);
    assert.equal(reads.length, 5);
    assert.equal((await search.search(store.list())).matches.length, 1);
    assert.equal(reads.length, 5, 'nothing read again');

    await store.add(makeHook(10, '{"t":"another needle"}'));
    const withNew = await search.search(store.list());
    assert.deepEqual(reads.slice(5), [store.list()[0]?.id]);
    assert.equal(withNew.matches.length, 2);

    // A hook left out of one round (deleted, say) is forgotten: asked about again, it is read again.
    const [newest, ...older] = store.list();
    await search.search(older);
    reads = [];
    await search.search([newest!, ...older]);
    assert.deepEqual(reads, [newest?.id]);
  });

  it('reads 8 bodies at a time at most', async () => {
    await addHooks(40, 2000, () => true);
    const round = await new BodySearch('needle', readBody).search(store.list());
    assert.equal(round.matches.length, 40);
    assert.equal(reads.length, 40);
    assert.equal(most, 8);
  });

  it('reads a body larger than the whole budget alone in its round', async () => {
    await addHooks(3, 50_000, () => true);
    await store.add(makeHook(99, `{"big":"${'y'.repeat(300_000)}","t":"needle"}`));
    const search = new BodySearch('needle', readBody, 100_000);
    const first = await search.search(store.list());
    assert.deepEqual(reads, [store.list()[0]?.id]);
    assert.deepEqual(first, { matches: [store.list()[0]], pending: 3 });
    const second = await search.search(store.list());
    assert.equal(second.pending, 1);
    const third = await search.search(store.list());
    assert.equal(third.pending, 0);
    assert.equal(third.matches.length, 4);
  });

  it('runs overlapping rounds one after the other without reading a body twice', async () => {
    await addHooks(20, 1000, (i) => i < 5);
    const search = new BodySearch('needle', readBody);
    const [a, b] = await Promise.all([search.search(store.list()), search.search(store.list())]);
    assert.equal(a.matches.length, 5);
    assert.deepEqual(ids(b.matches), ids(a.matches));
    assert.equal(reads.length, 20);
  });

  it('counts a body that is gone by the time it is read as searched, not matching', async () => {
    await addHooks(2, 1000, () => true);
    const hooks = store.list();
    await store.delete([hooks[0]!.id]);
    const round = await new BodySearch('needle', readBody).search(hooks);
    assert.deepEqual(ids(round.matches), [hooks[1]?.id]);
    assert.equal(round.pending, 0);
  });
});
