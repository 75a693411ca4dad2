import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { HistoryLockedError, HistoryStore } from '../../../../src/core/store/history';
import { tempDir } from '../../helpers';
import { RecordingLogger } from '../fixtures/hooks';
import { bodyFor, exchange } from './fixtures/exchanges';

const CHILD = path.join(__dirname, 'fixtures', 'crashChild.js');

async function segments(dir: string): Promise<string[]> {
  const journal = path.join(dir, 'journal');
  return (await fs.readdir(journal))
    .filter((name) => name.endsWith('.seg'))
    .sort()
    .map((name) => path.join(journal, name));
}

describe('HistoryStore: crashes and damage', function () {
  this.timeout(60_000);
  let dir: string;
  let child: ChildProcess | undefined;

  beforeEach(async () => {
    dir = await tempDir('pushpull-history-crash-');
    child = undefined;
  });

  afterEach(async () => {
    child?.kill('SIGKILL');
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('keeps every add, pin and delete that resolved when the writer is killed with SIGKILL, and shows nothing damaged', async () => {
    const running = spawn(process.execPath, [CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = running;
    const exited = new Promise<void>((resolve) => running.on('exit', () => resolve()));
    const added: string[] = [];
    const pinned = new Set<string>();
    const deleted = new Set<string>();
    let out = '';
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    let enough!: () => void;
    const hasEnough = new Promise<void>((resolve) => (enough = resolve));
    running.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const [what, id] = out.slice(0, nl).split(' ') as [string, string];
        out = out.slice(nl + 1);
        if (what === 'READY') ready();
        if (what === 'ADDED') added.push(id);
        if (what === 'PINNED') pinned.add(id);
        if (what === 'DELETED') deleted.add(id);
        if (added.length >= 400) enough();
      }
    });
    await isReady;
    // While the child lives, the folder is its own.
    const refused = await HistoryStore.open(dir).then(
      () => assert.fail('the child holds the folder'),
      (error: unknown) => error,
    );
    assert.ok(refused instanceof HistoryLockedError);
    assert.equal(refused.owner.description, 'crash child');
    await hasEnough;
    running.kill('SIGKILL');
    await exited;

    const logger = new RecordingLogger();
    const store = await HistoryStore.open(dir, { logger, limits: { maxExchanges: 0, maxBytes: 0 } });
    try {
      for (const id of added) {
        const summary = store.summary(id);
        if (deleted.has(id)) {
          assert.equal(summary, undefined, `${id} was deleted`);
          continue;
        }
        // A delete on its way when the child was killed may have been written, or not.
        const deleting = Number(id.split('-')[1]) % 11 === 0;
        if (!summary && deleting) continue;
        assert.ok(summary, `${id} resolved but is gone`);
        if (pinned.has(id)) assert.equal(summary.pinned, true, `${id} was pinned`);
        const size = Number(id.split('-')[2]);
        const body = await store.readBody(id);
        assert.ok(body && Buffer.from(body).equals(bodyFor(id, size)), `${id}: body differs`);
      }
      // Whatever else is listed (added but not yet told) is whole too.
      for (const summary of store.list()) {
        const kept = await store.get(summary.id);
        assert.equal(kept?.id, summary.id);
        const size = Number(summary.id.split('-')[2]);
        assert.ok(Buffer.from((await store.readBody(summary.id)) ?? []).equals(bodyFor(summary.id, size)));
      }
      assert.deepEqual(await fs.readdir(store.spillDir), [], 'spilled files of unfinished adds are cleared');
      const bodies = await fs.readdir(path.join(dir, 'bodies'));
      for (const name of bodies) assert.ok(store.summary(name.slice(0, name.lastIndexOf('.'))), `${name} is left over`);
      assert.deepEqual(logger.at('error'), []);
    } finally {
      await store.dispose();
    }
  });

  it('skips a torn last record with a logged warning and keeps everything before it', async () => {
    let store = await HistoryStore.open(dir);
    const kept = [];
    for (let i = 0; i < 5; i++) kept.push((await store.add(exchange())).id);
    await store.dispose();
    const [segment] = await segments(dir);
    // Half a record at the end, as a crash in the middle of a write leaves it.
    const whole = await fs.readFile(segment as string);
    const firstLength = whole.length / 5;
    await fs.appendFile(segment as string, whole.subarray(0, Math.floor(firstLength / 2)));
    await fs.rm(path.join(dir, 'journal', path.basename(segment as string).replace('.seg', '.idx')), { force: true });
    const logger = new RecordingLogger();
    store = await HistoryStore.open(dir, { logger });
    try {
      assert.deepEqual(
        store.list().map((s) => s.id),
        [...kept].reverse(),
      );
      assert.equal(logger.at('warn').length, 1);
      assert.match(logger.at('warn')[0] as string, /skipped a torn last record/);
      const added = await store.add(exchange());
      assert.equal(store.newest(1)[0]?.id, added.id);
    } finally {
      await store.dispose();
    }
    // The torn bytes were cut off: reopening finds nothing to warn about.
    const again = new RecordingLogger();
    store = await HistoryStore.open(dir, { logger: again });
    await store.dispose();
    assert.deepEqual(again.at('warn'), []);
  });

  it('skips a damaged record in the middle, logs it as an error and keeps the records after it', async () => {
    let store = await HistoryStore.open(dir);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await store.add(exchange())).id);
    await store.dispose();
    const [segment] = await segments(dir);
    await fs.rm(path.join(dir, 'journal', path.basename(segment as string).replace('.seg', '.idx')), { force: true });
    const bytes = await fs.readFile(segment as string);
    const second = bytes.indexOf('PPH1', 10);
    bytes[second + 60] = (bytes[second + 60] as number) ^ 0xff;
    await fs.writeFile(segment as string, bytes);
    const logger = new RecordingLogger();
    store = await HistoryStore.open(dir, { logger });
    try {
      assert.deepEqual(
        store.list().map((s) => s.id),
        [ids[2], ids[0]],
      );
      assert.match(logger.at('error')[0] ?? '', /skipped \d+ damaged bytes/);
    } finally {
      await store.dispose();
    }
  });
});
