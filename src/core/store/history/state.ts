import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Logger } from '../../clock';
import { PRIVATE_FILE } from '../../privateFiles';
import { fsyncDir, isNotFound } from '../journal/files';

export const STATE_FILE = 'state.json';

/**
 * What the history knows besides its records, in `state.json` (replaced whole, atomically): which exchanges are
 * pinned, which were deleted while their record is still on disk, how far retention got (`horizon`), and the
 * lowest `seq` a new exchange may take (so a cleared history never reuses a number retention has passed).
 */
export interface HistoryState {
  readonly horizon: number;
  readonly seq: number;
  readonly pinned: readonly string[];
  readonly deleted: readonly string[];
}

export const EMPTY_STATE: HistoryState = { horizon: 0, seq: 0, pinned: [], deleted: [] };

/** The state on disk; an unreadable file is logged and counts as empty (nothing is pinned or deleted then). */
export async function readState(dir: string, logger: Logger): Promise<HistoryState> {
  const file = path.join(dir, STATE_FILE);
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return EMPTY_STATE;
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<Record<keyof HistoryState, unknown>>;
    const strings = (list: unknown): string[] =>
      Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : [];
    const count = (n: unknown): number => (typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : 0);
    return {
      horizon: count(value.horizon),
      seq: count(value.seq),
      pinned: strings(value.pinned),
      deleted: strings(value.deleted),
    };
  } catch {
    logger.warn(`Request history: ${file} could not be read; pins and deletions made before are lost.`);
    return EMPTY_STATE;
  }
}

/**
 * Writes the state, one write at a time: a save asked for while one runs waits for it, and every save asked for
 * meanwhile shares the next write (which takes the state as it is then). A save resolves once the file is replaced
 * and the folder synced.
 */
export class StateFile {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(
    private readonly dir: string,
    private readonly snapshot: () => HistoryState,
  ) {}

  save(): Promise<void> {
    if (this.next) return this.next;
    const before = this.running ?? Promise.resolve();
    const write: Promise<void> = before
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        this.running = write;
        return this.writeNow(this.snapshot());
      })
      .finally(() => {
        if (this.running === write) this.running = undefined;
      });
    this.next = write;
    return write;
  }

  private async writeNow(state: HistoryState): Promise<void> {
    const target = path.join(this.dir, STATE_FILE);
    const temp = `${target}.${process.pid}.tmp`;
    const handle = await fsp.open(temp, 'w', PRIVATE_FILE);
    try {
      await handle.chmod(PRIVATE_FILE);
      await handle.writeFile(JSON.stringify(state));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, target);
    await fsyncDir(this.dir);
  }
}
