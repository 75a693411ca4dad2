import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import { silentLogger } from '../../../src/core/clock';
import { HookListener } from '../../../src/core/hooks/listener';
import { DurableHookStore } from '../../../src/core/store/durable';
import { tempDir } from '../helpers';
import { eio, type HeldCall, HeldSync } from './fixtures/heldSync';
import { anyFileContains, storeFiles } from './fixtures/hooks';

/** A request to the listener: `answered` turns true as soon as the answer's head arrives. */
interface Sent {
  readonly marker: string;
  readonly answer: Promise<{ status: number; body: string }>;
  answered: boolean;
}

function post(url: string, marker: string): Sent {
  const sent: Sent = { marker, answered: false, answer: undefined as unknown as Sent['answer'] };
  (sent as { answer: Sent['answer'] }).answer = new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      sent.answered = true;
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify({ marker }));
  });
  return sent;
}

/** Lets the event loop go round `n` times (I/O included), so that an answer already sent would arrive. */
async function turns(n = 50): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Rejects as soon as one of `sent` is answered: for racing against a sync the answers must wait for. */
function anyAnswer(sent: readonly Sent[], what: string): Promise<never> {
  return Promise.race(sent.map((s) => s.answer)).then(() => {
    throw new Error(`a hook was answered before ${what}`);
  });
}

async function idOf(sent: Sent): Promise<string> {
  const { status, body } = await sent.answer;
  assert.equal(status, 200, body);
  return (JSON.parse(body) as { id: string }).id;
}

describe('DurableHookStore behind the listener: no answer before the sync', function () {
  this.timeout(20_000);
  let dir: string;
  let sync: HeldSync;
  let store: DurableHookStore;
  let listener: HookListener;
  let url: string;

  async function startWith(options: { segmentHooks?: number } = {}): Promise<void> {
    sync = new HeldSync();
    store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0, sync, ...options });
    listener = new HookListener(store, { now: () => Date.now() }, silentLogger);
    url = (await listener.start({ port: 0, maxHooksPerSecond: 0 })).url;
  }

  /** The markers of the hooks written to the (only) segment between byte `from` and byte `to`. */
  async function markersWritten(from: number, to: number, among: readonly Sent[]): Promise<string[]> {
    const [segment] = await storeFiles(dir, 'seg');
    const bytes = (await fs.readFile(segment as string)).subarray(from, to);
    return among.filter((s) => bytes.includes(s.marker)).map((s) => s.marker);
  }

  beforeEach(async () => {
    dir = await tempDir('pushpull-held-sync-');
  });

  afterEach(async () => {
    sync.releaseAll();
    await listener.stop();
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('answers a hook only once the fdatasync covering it has returned', async () => {
    await startWith();
    sync.holding.file = true;
    const hook = post(url, 'held-hook');
    const call = await Promise.race([sync.next('file'), anyAnswer([hook], 'its record was synced')]);
    await turns();
    assert.equal(hook.answered, false, 'answered while its fdatasync had not returned');
    assert.equal(store.size, 0, 'listed while its fdatasync had not returned');

    await call.release();
    const id = await idOf(hook);
    assert.deepEqual(
      store.list().map((h) => h.id),
      [id],
    );
  });

  it('keeps every hook of a group commit waiting until its one fdatasync has returned', async () => {
    await startWith();
    sync.holding.file = true;
    const first = post(url, 'group-first');
    const firstSync = await Promise.race([sync.next('file'), anyAnswer([first], 'its record was synced')]);
    // Written while the first fdatasync runs: all of them wait for the next one.
    const group = Array.from({ length: 8 }, (_, i) => post(url, `group-member-${i}`));
    await until(async () => (await markersWritten(firstSync.sizeAtCall, Infinity, group)).length === group.length);

    await firstSync.release();
    await idOf(first);
    const groupSync = await Promise.race([sync.next('file'), anyAnswer(group, 'their records were synced')]);
    assert.deepEqual(
      await markersWritten(firstSync.sizeAtCall, groupSync.sizeAtCall, group),
      group.map((s) => s.marker),
      'one fdatasync covers the whole group',
    );
    await turns();
    assert.deepEqual(
      group.filter((s) => s.answered).map((s) => s.marker),
      [],
      'answered while the fdatasync of their group had not returned',
    );
    assert.equal(store.size, 1);

    await groupSync.release();
    const ids = await Promise.all(group.map(idOf));
    assert.equal(store.size, 1 + group.length);
    for (const id of ids) assert.ok(store.get(id), id);
  });

  it('answers 503 when the fdatasync fails, only once the refused records are cut off, and keeps only the hooks answered 200 (also reopened)', async () => {
    await startWith();
    const acknowledged: string[] = [];
    for (let i = 0; i < 3; i++) acknowledged.push(await idOf(post(url, `before-${i}`)));

    sync.holding.file = true;
    const failing = post(url, 'lost-to-eio');
    const call = await Promise.race([sync.next('file'), anyAnswer([failing], 'its record was synced')]);
    // Written while that fdatasync runs: its own one will never come.
    const meanwhile = post(url, 'written-meanwhile');
    await until(async () => (await markersWritten(call.sizeAtCall, Infinity, [meanwhile])).length === 1);
    call.fail(eio());
    // The records it covered, and those written since, are cut off, durably, before they are refused.
    const cut = await Promise.race([sync.next('file'), anyAnswer([failing, meanwhile], 'the cut was synced')]);
    await turns();
    assert.deepEqual(
      [failing, meanwhile].filter((s) => s.answered).map((s) => s.marker),
      [],
      'refused before the cut was synced',
    );
    for (const refused of [failing, meanwhile]) {
      assert.equal(await anyFileContains(dir, Buffer.from(refused.marker)), false, `${refused.marker} cut off`);
    }
    sync.holding.file = false;
    await cut.release();
    for (const refused of [failing, meanwhile]) assert.equal((await refused.answer).status, 503, refused.marker);
    // A store whose fdatasync failed cannot tell what reached the disk: it takes no more hooks.
    assert.equal((await post(url, 'after-eio').answer).status, 503);
    assert.deepEqual(
      store.list().map((h) => h.id),
      [...acknowledged].reverse(),
    );

    await listener.stop();
    await store.close();
    store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
    assert.deepEqual(
      store.list().map((h) => h.id),
      [...acknowledged].reverse(),
      'a reopened store has exactly the hooks answered 200',
    );
    for (const [i, id] of acknowledged.entries()) {
      assert.deepEqual(JSON.parse(Buffer.from((await store.readBody(id)) ?? []).toString()), { marker: `before-${i}` });
    }
  });

  it('answers 503 when the fdatasync fails while a hook waits for a new segment, and starts none', async () => {
    await startWith({ segmentHooks: 1 });
    sync.holding.file = true;
    const failing = post(url, 'lost-to-eio');
    const call = await Promise.race([sync.next('file'), anyAnswer([failing], 'its record was synced')]);
    // The segment is full: this one waits for the fdatasync before a new segment is started for it.
    const waiting = post(url, 'waiting-for-a-segment');
    await turns();
    call.fail(eio());
    sync.holding.file = false;
    for (const refused of [failing, waiting]) assert.equal((await refused.answer).status, 503, refused.marker);

    await listener.stop();
    await store.close();
    for (const refused of [failing, waiting]) {
      assert.equal(await anyFileContains(dir, Buffer.from(refused.marker)), false, `${refused.marker} cut off`);
    }
    assert.equal((await storeFiles(dir, 'seg')).length, 1, 'no segment started after the failure');
    store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
    assert.equal(store.size, 0);
  });

  it('cuts off a record whose fdatasync fails while the store closes', async () => {
    await startWith();
    const acknowledged = await idOf(post(url, 'before'));
    sync.holding.file = true;
    const failing = post(url, 'lost-to-eio');
    const call = await Promise.race([sync.next('file'), anyAnswer([failing], 'its record was synced')]);
    const closed = store.close();
    // Lets the closing reach the writer, where it waits for the fdatasync under way.
    await turns();
    sync.holding.file = false;
    call.fail(eio());
    assert.equal((await failing.answer).status, 503);
    await closed;

    assert.equal(await anyFileContains(dir, Buffer.from('lost-to-eio')), false, 'the refused record is cut off');
    store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
    assert.deepEqual(
      store.list().map((h) => h.id),
      [acknowledged],
    );
  });

  it('syncs the folder after starting a segment, before answering a hook stored in it', async () => {
    await startWith({ segmentHooks: 2 });
    for (let i = 0; i < 2; i++) await idOf(post(url, `first-segment-${i}`));
    assert.equal((await storeFiles(dir, 'seg')).length, 1);

    sync.holding.dir = true;
    const hook = post(url, 'second-segment');
    const call: HeldCall = await Promise.race([sync.next('dir'), anyAnswer([hook], 'the folder was synced')]);
    sync.holding.file = true;
    assert.ok(
      call.entriesAtCall.includes('hooks-00000002.seg'),
      `synced before the segment existed: ${call.entriesAtCall.join()}`,
    );
    // Writing and syncing the record meanwhile is allowed; answering is not.
    const recordSync = await Promise.race([sync.next('file'), turns().then(() => undefined)]);
    await recordSync?.release();
    await turns();
    assert.equal(hook.answered, false, 'answered while the new segment was not durably in the folder');

    await call.release();
    sync.releaseAll();
    const id = await idOf(hook);
    assert.equal(store.get(id)?.toJSON().id, id);
    assert.equal((await storeFiles(dir, 'seg')).length, 2);
  });
});

/** Resolves once `condition` holds, checking it again each time the event loop has gone round. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await turns(1);
}
