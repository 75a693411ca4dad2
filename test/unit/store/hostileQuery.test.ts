import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { silentLogger } from '../../../src/core/clock';
import { HookListener } from '../../../src/core/hooks/listener';
import { DurableHookStore } from '../../../src/core/store/durable';
import { send, tempDir } from '../helpers';

/** The child that opens a store in a fresh process and reports the heap its index takes (the index benchmark's). */
const INDEX_LOAD = path.resolve(__dirname, '../../../bench/store/indexLoad.js');

/** Heap in use after full collections. */
function heapAfterGc(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// ~14 KB of empty pairs: each was a two-string list entry in memory, about 35 times the bytes the sender sent;
// now the target stays on disk (a large head) and each hook costs its metadata only, well under 8 KB.
const PAIRS = 3500;
const TARGET = `/q?${'xy=&'.repeat(PAIRS)}`;
const HOOKS = 1000;
/** What a hook may cost in memory at most, whatever its target: its metadata, not what the sender sent. */
const ALLOWED = 8192;

describe('A sender that fills queries (1,000 hooks with 3,500 empty pairs each)', function () {
  this.timeout(120_000);
  let dir: string;

  before(async () => {
    dir = await tempDir('pushpull-query-');
  });

  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('costs the listener about what it sent, not a list of pairs per hook', async () => {
    const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
    const listener = new HookListener(store, { now: () => Date.now() }, silentLogger);
    try {
      // One sender, as fast as it can: the per-sender rate limit would answer most with 429.
      const address = await listener.start({ port: 0, maxHooksPerSecond: 0 });
      const before = heapAfterGc();
      for (let i = 0; i < HOOKS; i++) {
        const answer = await send(`${address.url}${TARGET}`, { body: '{}' });
        assert.equal(answer.status, 200);
      }
      const grown = heapAfterGc() - before;
      assert.equal(store.size, HOOKS);
      assert.ok(
        grown < HOOKS * ALLOWED,
        `heap grew ${(grown / 1e6).toFixed(1)} MB for ${HOOKS} hooks of ${TARGET.length} bytes of target`,
      );
      const hook = store.list()[0];
      assert.ok(hook);
      assert.equal(hook.path, '/q');
      assert.equal(hook.query.length, PAIRS);
      assert.deepEqual(hook.query[0], ['xy', '']);
      assert.equal(hook.fullUrl, `${address.url}${TARGET}`);
    } finally {
      await listener.stop();
      await store.close();
    }
  });

  it('costs about the same when the store is opened again, in a fresh process', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', INDEX_LOAD, dir, 'read-only']);
    const result = JSON.parse(/^RESULT (.*)$/m.exec(stdout)?.[1] ?? 'null') as { hooks: number; heapMB: number };
    assert.equal(result.hooks, HOOKS);
    assert.ok(result.heapMB * 1e6 < HOOKS * ALLOWED, `opening took ${result.heapMB.toFixed(1)} MB of heap`);
  });

  it('shows the same query, path and full URL after reopening', async () => {
    const store = await DurableHookStore.openReadOnly(dir);
    try {
      const hook = store.list()[HOOKS - 1];
      assert.ok(hook);
      assert.equal(hook.url, TARGET);
      assert.equal(hook.path, '/q');
      assert.equal(hook.query.length, PAIRS);
      assert.match(hook.fullUrl, /^http:\/\/127\.0\.0\.1:\d+\/q\?xy=&/);
      const json = JSON.parse(JSON.stringify(hook)) as { query: unknown[]; path: string };
      assert.equal(json.query.length, PAIRS);
      assert.equal(json.path, '/q');
    } finally {
      await store.close();
    }
  });

  it('shows the start of a large target, and header names, when its segment is gone', async () => {
    const store = await DurableHookStore.openReadOnly(dir);
    try {
      const hook = store.list()[0];
      assert.ok(hook);
      const names = hook.headers.map(([name]) => name);
      for (const name of await fs.readdir(dir)) await fs.rm(path.join(dir, name));
      const other = store.list()[1];
      assert.ok(other, 'a hook whose head was not read before');
      assert.equal(other.url, TARGET.slice(0, 256));
      assert.deepEqual(
        other.headers.map(([name]) => name),
        names,
      );
      assert.ok(other.headers.every(([, value]) => value === ''));
    } finally {
      await store.close();
    }
  });
});
