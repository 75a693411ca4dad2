import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from '../../clock';
import { PRIVATE_FILE } from '../../privateFiles';
import { type LockOwner, StoreLockedError } from './errors';
import { isNotFound, removeIfExists } from './files';

export const LOCK_FILE = 'hooks.lock';

interface LockContent extends LockOwner {
  readonly token: string;
}

/** A lock file being written right now is given this long before it counts as abandoned. */
const UNREADABLE_GRACE_MS = 5_000;
const ATTEMPTS = 20;

/**
 * One writer per store: `hooks.lock` is created with O_EXCL and holds the owner's pid, host and description.
 * A lock left by a process that no longer runs (same host) is taken over; a live owner means STORE_LOCKED.
 */
export class StoreLock {
  private released = false;

  private constructor(
    readonly file: string,
    readonly owner: LockContent,
  ) {}

  static async acquire(dir: string, description: string, logger: Logger): Promise<StoreLock> {
    const file = path.join(dir, LOCK_FILE);
    const started = processStart(process.pid);
    const mine: LockContent = {
      pid: process.pid,
      hostname: os.hostname(),
      description,
      since: Date.now(),
      token: randomUUID(),
      ...(started === undefined ? {} : { started }),
    };
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (await tryCreate(file, JSON.stringify(mine))) return new StoreLock(file, mine);
      const current = await readLock(file);
      if (current === 'gone') continue;
      if (current === 'unreadable') {
        if (await olderThan(file, UNREADABLE_GRACE_MS)) await takeOver(file, undefined, logger);
        else await sleep(50);
        continue;
      }
      if (isAlive(current)) throw new StoreLockedError(dir, current);
      await takeOver(file, current, logger);
    }
    throw new StoreLockedError(dir, { pid: 0, hostname: os.hostname(), description: 'another opener', since: 0 });
  }

  /** Removes the lock file if it is still ours. Harmless to call twice. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const current = await readLock(this.file);
    if (typeof current === 'object' && current.token === this.owner.token) await removeIfExists(this.file);
  }
}

async function tryCreate(file: string, content: string): Promise<boolean> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, 'wx', PRIVATE_FILE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.chmod(PRIVATE_FILE);
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

async function readLock(file: string): Promise<LockContent | 'gone' | 'unreadable'> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return 'gone';
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<LockContent>;
    if (typeof value.pid !== 'number' || typeof value.token !== 'string') return 'unreadable';
    return {
      pid: value.pid,
      hostname: String(value.hostname ?? ''),
      description: String(value.description ?? ''),
      since: Number(value.since ?? 0),
      token: value.token,
      ...(typeof value.started === 'string' ? { started: value.started } : {}),
    };
  } catch {
    return 'unreadable';
  }
}

/**
 * Whether the lock's owner may still run. Another host's process cannot be checked, so it counts as alive;
 * on this host, a live process with the owner's pid that started at another time than the owner is not it.
 */
export function isAlive(owner: LockOwner): boolean {
  if (owner.hostname !== os.hostname()) return true;
  if (owner.pid === process.pid) {
    // Our own pid: a lock from an earlier process that had the same pid (containers restart as pid 1) is stale.
    const startedAt = Date.now() - process.uptime() * 1000;
    return owner.since >= startedAt - 1000;
  }
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A process runs with that pid; after a crash and a restart it may be another one than the owner.
  const started = owner.started === undefined ? undefined : processStart(owner.pid);
  return started === undefined || started === owner.started;
}

/**
 * When process `pid` started, in clock ticks since boot (field 22 of Linux's /proc/PID/stat), or undefined
 * where that cannot be read (other systems, or the process is gone).
 */
export function processStart(pid: number): string | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const started = fields[19];
  return started !== undefined && /^\d+$/.test(started) ? started : undefined;
}

/**
 * Removes a stale lock. A guard file created with O_EXCL makes sure only one opener removes it, and the
 * lock is read again under the guard so that a lock just taken by someone else is never removed.
 */
async function takeOver(file: string, stale: LockContent | undefined, logger: Logger): Promise<void> {
  const guard = `${file}.takeover`;
  if (!(await tryCreate(guard, JSON.stringify({ pid: process.pid, since: Date.now() })))) {
    if (await olderThan(guard, UNREADABLE_GRACE_MS)) await removeIfExists(guard);
    else await sleep(20);
    return;
  }
  try {
    const again = await readLock(file);
    const same = stale ? typeof again === 'object' && again.token === stale.token : again === 'unreadable';
    if (same) {
      await removeIfExists(file);
      logger.warn(
        stale
          ? `Hook store: took over the lock left by process ${stale.pid} (${stale.description || 'unknown'}), which no longer runs.`
          : 'Hook store: removed an unreadable lock file left by an interrupted start.',
      );
    }
  } finally {
    await removeIfExists(guard);
  }
}

async function olderThan(file: string, ms: number): Promise<boolean> {
  try {
    const stat = await fsp.stat(file);
    return Date.now() - stat.mtimeMs > ms;
  } catch (error) {
    if (isNotFound(error)) return true;
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
