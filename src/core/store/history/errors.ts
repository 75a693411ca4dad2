import { PushPullError } from '../../errors';
import type { LockOwner } from '../journal/errors';

/** Another window (or process) keeps this history open for writing. */
export class HistoryLockedError extends PushPullError {
  constructor(
    readonly dir: string,
    readonly owner: LockOwner,
  ) {
    const who = owner.description ? `${owner.description} (pid ${owner.pid})` : `process ${owner.pid}`;
    super(
      'HISTORY_LOCKED',
      `The request history in ${dir} is in use by ${who} on ${owner.hostname}. Requests sent here are not kept ` +
        'until that one closes.',
    );
  }
}

/** `dispose()` was called: nothing more can be kept. */
export class HistoryClosedError extends PushPullError {
  constructor(readonly dir: string) {
    super('HISTORY_CLOSED', `The request history in ${dir} is closed.`);
  }
}

/** The exchange given cannot be kept as it is (an unsafe or repeated id, a body file that is gone). */
export class HistoryExchangeError extends PushPullError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('HISTORY_BAD_EXCHANGE', message, options);
  }
}

/** Writing failed (disk full, I/O error): the exchange, pin or deletion concerned is not kept. */
export class HistoryWriteError extends PushPullError {
  constructor(
    readonly dir: string,
    cause: unknown,
  ) {
    const inner = (cause as { cause?: unknown } | undefined)?.cause ?? cause;
    const code = (inner as NodeJS.ErrnoException | undefined)?.code;
    const reason = code === 'ENOSPC' ? 'the disk is full' : inner instanceof Error ? inner.message : String(inner);
    super('HISTORY_WRITE_FAILED', `Could not write to the request history in ${dir}: ${reason}.`, { cause });
  }
}

/** Limits that make no sense (negative, fractional). */
export class HistoryOptionsError extends PushPullError {
  constructor(message: string) {
    super('HISTORY_BAD_OPTIONS', message);
  }
}
