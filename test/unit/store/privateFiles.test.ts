import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { makePrivateDir, writePrivateFile } from '../../../src/core/privateFiles';
import { DurableHookStore } from '../../../src/core/store/durable';
import { tempDir } from '../helpers';
import { makeHook } from './fixtures/hooks';

/** Mode bits of `file` (permissions only). */
async function modeOf(file: string): Promise<number> {
  return (await fs.stat(file)).mode & 0o777;
}

/**
 * Every entry of `dir` with its mode, e.g. `hooks-00000001.seg 600`, sorted. An open store writes a sealed
 * segment's index beside it as a temporary file and renames it: one gone by the time it is looked at is left out.
 */
async function modes(dir: string): Promise<string[]> {
  const names = (await fs.readdir(dir)).sort();
  const entries = await Promise.all(
    names.map(async (name) => {
      try {
        return `${name} ${(await modeOf(path.join(dir, name))).toString(8)}`;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    }),
  );
  return entries.filter((entry): entry is string => entry !== undefined);
}

function allPrivate(entries: string[]): string[] {
  return entries.map((entry) => entry.replace(/ \d+$/, ' 600'));
}

(process.platform === 'win32' ? describe.skip : describe)('Private store files (other users of the machine)', () => {
  let root: string;
  let umask: number;
  let store: DurableHookStore | undefined;

  beforeEach(async () => {
    root = await tempDir('pushpull-private-');
    // The usual umask, under which folders would be 755 and files 644: readable by every user.
    umask = process.umask(0o022);
  });

  afterEach(async () => {
    process.umask(umask);
    await store?.close();
    store = undefined;
    await fs.rm(root, { recursive: true, force: true });
  });

  it('creates the store folder 0700 and every store file 0600, whatever the umask', async () => {
    const dir = path.join(root, 'new', 'hooks');
    store = await DurableHookStore.open(dir, { segmentHooks: 1 });
    await store.add(makeHook(1, '{"a":1}', { headers: [['Authorization', 'Bearer secret']] }));
    await store.add(makeHook(2, '{"a":2}'));
    assert.equal((await modeOf(dir)).toString(8), '700');
    assert.equal((await modeOf(path.join(root, 'new'))).toString(8), '700', 'a parent it created');
    const open = await modes(dir);
    assert.ok(
      open.some((entry) => entry.startsWith('hooks.lock ')),
      open.join(', '),
    );
    assert.deepEqual(open, allPrivate(open));
    await store.close();
    store = undefined;
    const closed = await modes(dir);
    assert.ok(
      closed.some((entry) => /\.idx /.test(entry)),
      closed.join(', '),
    );
    assert.deepEqual(closed, allPrivate(closed));
  });

  it('makes a store left readable by others private when it opens, and leaves other files alone', async () => {
    const dir = path.join(root, 'old');
    store = await DurableHookStore.open(dir);
    await store.add(makeHook(1, '{"a":1}'));
    await store.close();
    store = undefined;
    await fs.writeFile(path.join(dir, 'notes.txt'), 'not the store');
    for (const name of await fs.readdir(dir)) await fs.chmod(path.join(dir, name), 0o644);
    await fs.chmod(dir, 0o755);

    store = await DurableHookStore.open(dir);
    assert.equal((await modeOf(dir)).toString(8), '700');
    const entries = (await modes(dir)).filter((entry) => !entry.startsWith('notes.txt '));
    assert.ok(entries.length >= 2, entries.join(', '));
    assert.deepEqual(entries, allPrivate(entries));
    assert.equal((await modeOf(path.join(dir, 'notes.txt'))).toString(8), '644');
    assert.equal(store.size, 1);
  });

  it('writes saved bodies and exports 0600, also over a file that was readable by others', async () => {
    const folder = path.join(root, 'exports', 'today');
    await makePrivateDir(folder);
    assert.equal((await modeOf(folder)).toString(8), '700');
    assert.equal((await modeOf(path.dirname(folder))).toString(8), '700');
    const fresh = path.join(folder, 'hooks.har');
    await writePrivateFile(fresh, '{"log":{}}');
    assert.equal((await modeOf(fresh)).toString(8), '600');
    const existing = path.join(root, 'body.json');
    await fs.writeFile(existing, 'old', { mode: 0o644 });
    await writePrivateFile(existing, Buffer.from('{"a":1}'));
    assert.equal((await modeOf(existing)).toString(8), '600');
    assert.equal(await fs.readFile(existing, 'utf8'), '{"a":1}');
  });
});
