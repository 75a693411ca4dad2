import type { Logger } from '../../clock';
import type { StoreSync } from '../journal/sync';

export interface DurableStoreOptions {
  /** Most hooks kept, oldest dropped first; 0 = no limit. Default 10,000. */
  readonly maxHooks?: number;
  /** Most bytes kept (records on disk), oldest dropped first; 0 = no limit. Default 1 GiB. */
  readonly maxBytes?: number;
  readonly logger?: Logger;
  /** Written into the lock so a second opener can say who holds the store, e.g. "VS Code window foo". */
  readonly owner?: string;
  /** Segment size before a new file is started. Default: maxBytes / 8 within 1–64 MiB (64 MiB unlimited). */
  readonly segmentBytes?: number;
  /** Records per segment before a new file is started. Default: maxHooks / 8, from 16 to 2,048. */
  readonly segmentHooks?: number;
  /**
   * Append with O_DIRECT (whole aligned blocks, no page cache) where the file system allows it; default
   * true. Durability does not depend on it: every acknowledgement waits for fdatasync either way.
   */
  readonly directIo?: boolean;
  /** For tests, which hold or fail a sync through it; PushPull leaves it out (the system's fdatasync and fsync). */
  readonly sync?: StoreSync;
}

export interface StoreStats {
  readonly hooks: number;
  readonly bytes: number;
  readonly segments: number;
  /** Since open: group commits, each one writev and one fdatasync. */
  readonly commits: number;
  /** Since open: records written by those commits. */
  readonly recordsCommitted: number;
  /** Large appends go out with O_DIRECT (Linux file systems that allow it). */
  readonly directIo: boolean;
}
