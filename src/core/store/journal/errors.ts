import { PushPullError } from '../../errors';

/** Who holds a store's lock, as written in its lock file. */
export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  /** What the owner said it is, e.g. "VS Code window my-project" or "pushpull listen". */
  readonly description: string;
  /** ms since the epoch when the lock was taken. */
  readonly since: number;
  /**
   * When the owner process started, as the kernel counts it (Linux: field 22 of /proc/PID/stat): a later
   * process given the same pid has another. Absent where it cannot be read.
   */
  readonly started?: string;
}

/** Another live process (or this one, through another store object) writes this store. */
export class StoreLockedError extends PushPullError {
  constructor(
    readonly dir: string,
    readonly owner: LockOwner,
  ) {
    const who = owner.description ? `${owner.description} (pid ${owner.pid})` : `process ${owner.pid}`;
    super('STORE_LOCKED', `The hook store ${dir} is in use by ${who} on ${owner.hostname}.`);
  }
}

/** Stored bytes fail their checksum or cannot be decoded. */
export class StoreCorruptError extends PushPullError {
  constructor(
    readonly file: string,
    readonly offset: number,
    detail: string,
  ) {
    super('STORE_CORRUPT', `Damaged data in ${file} at offset ${offset}: ${detail}`);
  }
}

/** The store directory does not exist (read-only opens never create it). */
export class StoreNotFoundError extends PushPullError {
  constructor(readonly dir: string) {
    super('STORE_NOT_FOUND', `No hook store at ${dir}.`);
  }
}

/** The store was opened with `openReadOnly` and cannot change. */
export class StoreReadOnlyError extends PushPullError {
  constructor(readonly dir: string) {
    super('STORE_READ_ONLY', `The hook store ${dir} is open read-only.`);
  }
}

/** `close()` was called; nothing more can be written. */
export class StoreClosedError extends PushPullError {
  constructor(readonly dir: string) {
    super('STORE_CLOSED', `The hook store ${dir} is closed.`);
  }
}

/** Writing or syncing failed (disk full, I/O error); the hooks concerned are not stored. */
export class StoreWriteError extends PushPullError {
  constructor(
    readonly dir: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const reason = code === 'ENOSPC' ? 'the disk is full' : cause instanceof Error ? cause.message : String(cause);
    super('STORE_WRITE_FAILED', `Could not write to the hook store ${dir}: ${reason}.`, { cause });
  }
}

/** Options that make no sense (negative limits and the like). */
export class StoreOptionsError extends PushPullError {
  constructor(message: string) {
    super('STORE_BAD_OPTIONS', message);
  }
}

/** The store could not be opened for a reason other than a lock (permissions, I/O). */
export class StoreOpenError extends PushPullError {
  constructor(
    readonly dir: string,
    cause: unknown,
  ) {
    super(
      'STORE_OPEN_FAILED',
      `Could not open the hook store ${dir}: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}
