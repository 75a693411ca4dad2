import { Emitter } from '../../event';
import { StoreClosedError, StoreWriteError } from './errors';
import { segmentPath } from './files';
import type { EncodedRecord } from './record';
import type { WrittenHeads } from './segmentIndex';
import { type DirectIo, SegmentFile } from './segmentFile';
import type { StoreSync } from './sync';

/** The segment being appended to. */
export interface ActiveSegment {
  readonly segment: number;
  readonly file: SegmentFile;
  /** Bytes written (not necessarily synced yet). */
  size: number;
  records: number;
}

/** A new segment was started: `sealed` is the previous one when it holds records, `heads` its records' heads if kept. */
export interface StartedSegment {
  readonly segment: number;
  readonly sealed: number | undefined;
  readonly heads: WrittenHeads | undefined;
}

export interface RotationLimits {
  /** A segment is sealed once it holds this many bytes… */
  readonly segmentBytes: number;
  /** …or this many records (Infinity: no limit). */
  readonly segmentRecords: number;
}

interface PendingRecord {
  readonly kind: 'record';
  readonly record: EncodedRecord;
  /** Called in append order, synchronously, once the record is durable. */
  readonly onDurable: (segment: number, offset: number) => void;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface WrittenRecord {
  readonly pending: PendingRecord;
  readonly segment: number;
  readonly offset: number;
}

interface PendingTask {
  readonly kind: 'task';
  readonly run: () => Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Most bytes of record heads kept in memory for the active segment's index file. */
const MAX_HEAD_BYTES = 4 * 1024 * 1024;

/** Largest single write; a larger queue is committed in several rounds. */
const MAX_BATCH_BYTES = 32 * 1024 * 1024;

/**
 * Appends records with group commit: whatever was queued while the previous write ran goes out as one
 * writev, and one fdatasync covers everything written before it started. Writes overlap the running
 * fdatasync, but only one fdatasync runs at a time. A record's promise resolves only after an fdatasync
 * that covers it, in append order. Tasks (clear, close) run in order with appends, once all is synced.
 */
export class SegmentWriter {
  private readonly queue: Array<PendingRecord | PendingTask> = [];
  private running = false;
  /**
   * Heads of the records of the active segment, kept (up to MAX_HEAD_BYTES) so that its index file can be
   * written without reading the segment back. Incomplete when the segment was there before this writer.
   */
  private heads: { entries: Array<readonly [number, Uint8Array]>; bytes: number; complete: boolean };
  /** Written, not yet covered by a started fdatasync. */
  private unsynced: WrittenRecord[] = [];
  private syncing = false;
  private syncWaiters: Array<() => void> = [];
  private scheduled = false;
  private failed: StoreWriteError | undefined;
  /** Set by a failed fdatasync: the active segment is cut back to this size (see `cutBack`)… */
  private cutAt: number | undefined;
  /** …and only then are these records refused. */
  private toRefuse: PendingRecord[] = [];
  private closed = false;
  private readonly started = new Emitter<StartedSegment>();
  /** Batches written (each one writev and one fdatasync) and records in them. */
  readonly stats = { commits: 0, records: 0 };
  /** A new segment was started (by rotation, or by `startSegment`). */
  readonly onDidStartSegment = this.started.event;

  constructor(
    private readonly dir: string,
    private active: ActiveSegment,
    /** When to seal the active segment and start a new one; may be changed at any time. */
    public rotation: RotationLimits,
    /** For direct I/O; undefined: buffered writes. */
    private readonly direct: DirectIo | undefined,
    /** fdatasync of segments, fsync of the folder (see `StoreSync`). */
    private readonly durable: StoreSync,
  ) {
    this.heads = { entries: [], bytes: 0, complete: active.size === 0 };
  }

  get activeSegment(): number {
    return this.active.segment;
  }

  /** Whether large appends go out with O_DIRECT (the file system takes it). */
  get directIo(): boolean {
    return this.direct !== undefined;
  }

  /** The heads of every record of the active segment as written by this writer, if it kept them all. */
  activeHeads(): WrittenHeads | undefined {
    return this.takeHeads(this.active.size);
  }

  private takeHeads(size: number): WrittenHeads | undefined {
    return this.heads.complete ? { entries: this.heads.entries, size } : undefined;
  }

  /** Bytes written to the active segment. */
  get activeSize(): number {
    return this.active.size;
  }

  append(record: EncodedRecord, onDurable: (segment: number, offset: number) => void): Promise<void> {
    if (this.closed) return Promise.reject(new StoreClosedError(this.dir));
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ kind: 'record', record, onDurable, resolve, reject });
      this.schedule();
    });
  }

  /** Runs `run` after everything appended before it, and before anything appended after it. */
  exclusive(run: (writer: SegmentWriter) => Promise<void>): Promise<void> {
    if (this.closed) return Promise.reject(new StoreClosedError(this.dir));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ kind: 'task', run: () => run(this), resolve, reject });
      this.schedule();
    });
  }

  /** Seals the active segment (if it has records) and starts a new, empty one numbered `next`. */
  async startSegment(next: number): Promise<void> {
    const file = await SegmentFile.create(segmentPath(this.dir, next), this.direct, this.durable.file);
    const old = this.active;
    this.active = { segment: next, file, size: 0, records: 0 };
    // The old segment's records were all synced by their own commits.
    await old.file.close().catch(() => undefined);
    // The new file's directory entry must be durable before any record in it is acknowledged.
    await this.durable.dir(this.dir);
    const heads = this.takeHeads(old.size);
    this.heads = { entries: [], bytes: 0, complete: true };
    this.started.fire({ segment: next, sealed: old.records > 0 ? old.segment : undefined, heads });
  }

  /** Closes the segment file after everything queued before; later appends are refused. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const done = this.exclusive(async () => {
      try {
        await this.active.file.close();
      } finally {
        this.started.dispose();
      }
    });
    this.closed = true;
    return done;
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // Wait for the rest of this turn of the event loop: requests parsed in it join the same batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        await this.cutBack();
        const first = this.queue[0];
        if (!first) break;
        if (first.kind === 'task') {
          this.queue.shift();
          try {
            await this.allSynced();
            await this.cutBack();
            await first.run();
            first.resolve();
          } catch (error) {
            first.reject(error);
          }
          continue;
        }
        await this.write(this.takeBatch());
      }
    } finally {
      this.running = false;
    }
  }

  private takeBatch(): PendingRecord[] {
    const batch: PendingRecord[] = [];
    let bytes = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0] as PendingRecord | PendingTask;
      if (next.kind !== 'record') break;
      if (batch.length > 0 && bytes + next.record.length > MAX_BATCH_BYTES) break;
      this.queue.shift();
      batch.push(next);
      bytes += next.record.length;
    }
    return batch;
  }

  /** Writes a batch with one writev, then makes sure an fdatasync will cover it. */
  private async write(batch: PendingRecord[]): Promise<void> {
    if (this.failed) return this.refuse(batch, this.failed);
    try {
      const { segmentBytes, segmentRecords } = this.rotation;
      if (this.active.size > 0 && (this.active.size >= segmentBytes || this.active.records >= segmentRecords)) {
        // The old file is closed on rotation: everything in it must be synced first.
        await this.allSynced();
        if (this.failed) return this.refuse(batch, this.failed);
        await this.startSegment(this.active.segment + 1);
      }
      const buffers: Uint8Array[] = [];
      let total = 0;
      for (const { record } of batch) {
        buffers.push(record.head);
        for (const part of record.bodyParts) if (part.length > 0) buffers.push(part);
        total += record.length;
      }
      await this.active.file.append(buffers, total);
    } catch (error) {
      await this.rollBack(error, batch);
      return;
    }
    const { segment } = this.active;
    for (const pending of batch) {
      this.unsynced.push({ pending, segment, offset: this.active.size });
      this.keepHead(this.active.size, pending.record.head);
      this.active.size += pending.record.length;
    }
    this.active.records += batch.length;
    if (!this.syncing) this.sync();
  }

  /**
   * One fdatasync at a time, covering everything written before it started; what is written while it
   * runs is covered by the next one, started as soon as it ends. Acknowledgements follow write order.
   */
  private sync(): void {
    const covered = this.unsynced;
    this.unsynced = [];
    this.syncing = true;
    this.active.file.sync().then(
      () => this.synced(covered, undefined),
      (error: unknown) => this.synced(covered, error ?? new Error('fdatasync failed')),
    );
  }

  private synced(covered: WrittenRecord[], error: unknown): void {
    this.syncing = false;
    // After a failed fsync the kernel may have dropped dirty pages: nothing written since can be trusted.
    if (error !== undefined && !this.failed) {
      this.failed = new StoreWriteError(this.dir, error);
      this.cutAt = covered[0]?.offset ?? this.active.size;
      this.schedule();
    }
    if (this.failed) {
      const refused = [...covered, ...this.unsynced].map(({ pending }) => pending);
      this.unsynced = [];
      if (this.cutAt === undefined) this.refuse(refused, this.failed);
      else this.toRefuse.push(...refused);
    } else {
      this.stats.commits++;
      this.stats.records += covered.length;
      for (const { pending, segment, offset } of covered) {
        try {
          pending.onDurable(segment, offset);
          pending.resolve();
        } catch (failure) {
          pending.reject(failure);
        }
      }
      if (this.unsynced.length > 0) return this.sync();
    }
    const waiters = this.syncWaiters;
    this.syncWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /**
   * After a failed fdatasync, cuts the active segment back to the records acknowledged before it, then
   * refuses the others: a record refused (the listener answers 503, the sender sends it again) must not turn
   * up when the store is read or reopened. Runs in the queue, between writes. Should the cut fail as well,
   * they are refused all the same, and the store takes no more records either way.
   */
  private async cutBack(): Promise<void> {
    const at = this.cutAt;
    if (at === undefined) return;
    // The heads kept for the index file include records cut off: the segment is read back instead.
    this.heads = { entries: [], bytes: 0, complete: false };
    try {
      await this.active.file.truncate(at);
      this.active.size = at;
      await this.active.file.sync();
    } catch {
      // Refused all the same.
    }
    this.cutAt = undefined;
    const refused = this.toRefuse;
    this.toRefuse = [];
    this.refuse(refused, this.failed as StoreWriteError);
  }

  private refuse(batch: PendingRecord[], failure: StoreWriteError): void {
    for (const pending of batch) pending.reject(failure);
  }

  /** Resolves once everything written so far is synced (and acknowledged or refused). */
  private allSynced(): Promise<void> {
    if (!this.syncing && this.unsynced.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  private keepHead(offset: number, head: Uint8Array): void {
    const heads = this.heads;
    if (!heads.complete) return;
    heads.bytes += head.length + 8;
    if (heads.bytes > MAX_HEAD_BYTES) {
      // Many small hooks: reading the segment back at seal costs less than holding all their heads.
      this.heads = { entries: [], bytes: 0, complete: false };
      return;
    }
    heads.entries.push([offset, head]);
  }

  /** Cuts a partial write off so the file ends on a record boundary again. */
  private async rollBack(error: unknown, batch: PendingRecord[]): Promise<void> {
    const failure = new StoreWriteError(this.dir, error);
    try {
      await this.active.file.truncate(this.active.size);
    } catch {
      this.failed = failure;
    }
    for (const pending of batch) pending.reject(failure);
  }
}
