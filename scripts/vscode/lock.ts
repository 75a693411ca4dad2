import * as fs from 'node:fs';
import * as path from 'node:path';
import { note, sleep } from './proc';

/** A lock folder so two runs never install the same version at once. */
export async function acquireLock(lock: string, what: string): Promise<() => void> {
  let waited = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return () => fs.rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
    const owner = Number.parseInt(readOrEmpty(path.join(lock, 'pid')), 10);
    const stale = Number.isInteger(owner) ? !isAlive(owner) : ageMs(lock) > 30_000;
    if (stale) {
      note(`Removing a stale install lock (${lock}).`);
      fs.rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (!waited) {
      note(`Waiting for another process to finish installing ${what} (${lock}).`);
      waited = true;
    }
    await sleep(2_000);
  }
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
