import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DurableHookStore, StoreLockedError } from '../../../src/core/store/durable';
import { LOCK_FILE, processStart } from '../../../src/core/store/journal/lock';
import { tempDir } from '../helpers';
import { makeHook, RecordingLogger } from './fixtures/hooks';

describe('DurableHookStore: one writer at a time', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir('pushpull-lock-');
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('refuses a second writer with STORE_LOCKED naming the owner, and lets one in after close', async () => {
    const first = await DurableHookStore.open(dir, { owner: 'VS Code window alpha' });
    const error = await DurableHookStore.open(dir, { owner: 'VS Code window beta' }).then(
      () => assert.fail('the second open must fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof StoreLockedError);
    assert.equal(error.code, 'STORE_LOCKED');
    assert.equal(error.owner.pid, process.pid);
    assert.equal(error.owner.description, 'VS Code window alpha');
    assert.match(error.message, /VS Code window alpha/);
    await first.add(makeHook(1, '{}'));
    await first.close();

    const second = await DurableHookStore.open(dir);
    assert.equal(second.size, 1);
    await second.close();
    await assert.rejects(fs.stat(path.join(dir, LOCK_FILE)), { code: 'ENOENT' }, 'close removes the lock file');
  });

  it('lets only one of many simultaneous openers in', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => DurableHookStore.open(dir)));
    const opened = results.filter((r) => r.status === 'fulfilled');
    assert.equal(opened.length, 1);
    for (const r of results) {
      if (r.status === 'rejected') assert.equal((r.reason as StoreLockedError).code, 'STORE_LOCKED');
    }
    await (opened[0] as PromiseFulfilledResult<DurableHookStore>).value.close();
  });

  it('takes over a lock left by a process that no longer runs, and says so in the log', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(dead.stdout);
    assert.ok(pid > 0);
    const stale = { pid, hostname: os.hostname(), description: 'crashed window', since: 1, token: 'old' };
    await fs.writeFile(path.join(dir, LOCK_FILE), JSON.stringify(stale));

    const logger = new RecordingLogger();
    const store = await DurableHookStore.open(dir, { logger, owner: 'new window' });
    assert.ok(logger.at('warn').some((m) => m.includes(`process ${pid}`)));
    const lock = JSON.parse(await fs.readFile(path.join(dir, LOCK_FILE), 'utf8')) as { pid: number };
    assert.equal(lock.pid, process.pid);
    await store.close();
  });

  it('treats a live process on this host as the owner even if its lock is old', async () => {
    const live = { pid: process.ppid, hostname: os.hostname(), description: 'parent', since: 1, token: 'x' };
    await fs.writeFile(path.join(dir, LOCK_FILE), JSON.stringify(live));
    await assert.rejects(DurableHookStore.open(dir), { code: 'STORE_LOCKED' });
  });

  it('takes over a lock whose pid now belongs to another process (started at another time)', async function () {
    const parentStart = processStart(process.ppid);
    if (parentStart === undefined) this.skip(); // no /proc: the pid alone decides there
    const reused = {
      pid: process.ppid,
      hostname: os.hostname(),
      description: 'window before a restart',
      since: 1,
      token: 'old',
      started: String(Number(parentStart) + 1),
    };
    await fs.writeFile(path.join(dir, LOCK_FILE), JSON.stringify(reused));
    const logger = new RecordingLogger();
    const store = await DurableHookStore.open(dir, { logger, owner: 'new window' });
    assert.ok(logger.at('warn').some((m) => m.includes(`process ${process.ppid}`)));
    const lock = JSON.parse(await fs.readFile(path.join(dir, LOCK_FILE), 'utf8')) as { pid: number; started: string };
    assert.equal(lock.pid, process.pid);
    assert.equal(lock.started, processStart(process.pid), 'the new lock records its own start');
    await store.close();
  });

  it('keeps a lock whose owner still runs with the start it recorded', async function () {
    const parentStart = processStart(process.ppid);
    if (parentStart === undefined) this.skip();
    const live = {
      pid: process.ppid,
      hostname: os.hostname(),
      description: 'p',
      since: 1,
      token: 'x',
      started: parentStart,
    };
    await fs.writeFile(path.join(dir, LOCK_FILE), JSON.stringify(live));
    await assert.rejects(DurableHookStore.open(dir), { code: 'STORE_LOCKED' });
  });

  it('reads the start of a process from /proc, whatever its command name holds', async function () {
    if (processStart(process.pid) === undefined) this.skip();
    // A command name with spaces and parentheses must not shift the fields.
    const script = 'process.title = "a) b (c"; setTimeout(() => {}, 3000); process.stdout.write("ready")';
    const child = spawn(process.execPath, ['-e', script]);
    try {
      await new Promise((resolve) => child.stdout.once('data', resolve));
      const pid = child.pid as number;
      const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
      assert.ok(stat.includes('(a) b (c)'), stat.slice(0, 40));
      const started = processStart(pid);
      // Field 22 once the command name is taken out (a greedy match runs to its last parenthesis).
      assert.equal(started, stat.replace(/\(.*\)/s, '(x)').split(' ')[21]);
      assert.ok(Number(started) >= Number(processStart(process.pid)), 'the child started after this process');
    } finally {
      child.kill();
    }
    assert.equal(processStart(2 ** 22 + 12345), undefined);
  });

  it('lets readers open while a writer holds the lock', async () => {
    const writer = await DurableHookStore.open(dir);
    await writer.add(makeHook(1, 'one'));
    const reader = await DurableHookStore.openReadOnly(dir);
    assert.equal(reader.size, 1);
    assert.deepEqual(Buffer.from((await reader.readBody(makeHook(1, '').id)) ?? []), Buffer.from('one'));
    await reader.close();
    await writer.close();
  });
});
