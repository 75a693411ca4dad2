import type { Logger } from '../../clock';
import { silentLogger } from '../../clock';
import type { CapturedHook, ForwardResult } from '../../hooks/capture';
import type { BodyInsight } from '../../hooks/inspect';
import { type Arrival, arrivalOf } from '../../model/arrival';
import { writePrivateFile } from '../../privateFiles';
import type { HookStore } from '../hookStore';
import { StoreClosedError, StoreReadOnlyError, StoreWriteError } from './errors';
import { clearedMarkerPath, fsyncDir, indexPath, listStoreFiles, removeIfExists, segmentPath } from './files';
import type { HorizonRecord, RetentionLimits } from './hookIndex';
import { limitsOf, rotationOf } from './limits';
import { finishClear, openReader, openWriter, type OpenedStore } from './open';
import { readStoredBody } from './readBody';
import {
  compareHorizons,
  encodeAnnotation,
  encodeForward,
  encodeInsight,
  encodeHook,
  NamesJson,
  type Horizon,
  TYPE_DELETE,
  TYPE_HORIZON,
  TYPE_PIN,
} from './record';
import { type WrittenHeads, writeSegmentIndex } from './segmentIndex';
import { StoredHookMeta } from './storedMeta';
import { type StoreSync, systemSync } from './sync';
import type { RotationLimits, SegmentWriter } from './writer';

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

export { DEFAULT_MAX_BYTES, DEFAULT_MAX_HOOKS } from './limits';

/** Longest a reader may see hooks that retention has dropped before a record says so. */
const HORIZON_MS = 250;

/**
 * The hook journal on disk: append-only segment files of binary records (raw body bytes, CRC-checked),
 * group-committed with fdatasync before `add` resolves, one writer at a time (lock file), any number of
 * read-only openers, retention by count and bytes (pinned hooks excepted, see `HookIndex`), pins and
 * deletes as records of their own, and an in-memory index of metadata.
 */
export class DurableHookStore implements HookStore {
  private retention: RetentionLimits;
  private closing: Promise<void> | undefined;
  private readonly namesJson = new NamesJson();
  /** Index writes and segment deletions, one after another, off the append path. */
  private background: Promise<void> = Promise.resolve();
  /**
   * The newest horizon written into a record (see `HookIndex`), and the segment holding that record: it stays
   * until a newer record carries the horizon, or a reopened store would bring dropped hooks back.
   */
  private writtenHorizon: HorizonRecord | undefined;
  private movingHorizon = false;
  /** Set while the horizon is ahead of the newest record of it: a record is written at most every HORIZON_MS. */
  private horizonTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly dir: string,
    private readonly opened: OpenedStore,
    private readonly options: DurableStoreOptions,
  ) {
    this.retention = limitsOf(options);
  }

  /** Opens (creating if needed) `dir` for writing. Throws STORE_LOCKED when another live process writes it. */
  static async open(dir: string, options: DurableStoreOptions = {}): Promise<DurableHookStore> {
    const limits = limitsOf(options);
    // The writer calls back into the store, which exists only once the writer does.
    const ref: { store?: DurableHookStore } = {};
    const opened = await openWriter(dir, {
      logger: options.logger ?? silentLogger,
      owner: options.owner ?? `process ${process.pid}`,
      rotation: () => (ref.store ? ref.store.rotation() : rotationOf(limits, options)),
      onStarted: (segment, sealed, heads) => ref.store?.segmentStarted(segment, sealed, heads),
      directIo: options.directIo ?? true,
      sync: options.sync ?? systemSync,
    });
    const store = new DurableHookStore(dir, opened, options);
    ref.store = store;
    store.writtenHorizon = opened.index.horizonRecord;
    store.enforceRetention(true);
    for (const segment of opened.unindexed) store.scheduleIndex(segment);
    return store;
  }

  /**
   * Opens `dir` to read, without a lock, also while a writer runs (a record it is writing is left out).
   * Throws STORE_NOT_FOUND when there is no store. The index is what was on disk at this moment.
   */
  static async openReadOnly(dir: string, options: { readonly logger?: Logger } = {}): Promise<DurableHookStore> {
    const opened = await openReader(dir, options.logger ?? silentLogger);
    return new DurableHookStore(dir, opened, { ...options, maxHooks: 0, maxBytes: 0 });
  }

  get readOnly(): boolean {
    return this.opened.writer === undefined;
  }

  get size(): number {
    return this.opened.index.size;
  }

  /** Bytes of the kept hooks' records. */
  get totalBytes(): number {
    return this.opened.index.totalBytes;
  }

  /** Hooks, bytes and segments kept, and how many commits (one writev + one fdatasync each) wrote how many records. */
  stats(): StoreStats {
    const writes = this.opened.writer?.stats ?? { commits: 0, records: 0 };
    return {
      hooks: this.size,
      bytes: this.totalBytes,
      segments: this.opened.segments.length,
      commits: writes.commits,
      recordsCommitted: writes.records,
      directIo: this.opened.writer?.directIo ?? false,
    };
  }

  get limits(): RetentionLimits {
    return this.retention;
  }

  add(hook: Arrival | CapturedHook): Promise<void> {
    const writer = this.writable();
    if (!writer) return this.refused();
    let encoded;
    try {
      encoded = encodeHook(arrivalOf(hook), this.namesJson);
    } catch (error) {
      return Promise.reject(new StoreWriteError(this.dir, error));
    }
    const names = this.opened.sharing.pool.intern(encoded.namesJson);
    this.opened.sharing.share(encoded.fields);
    return writer.append(encoded, (segment, offset) => {
      const at = { segment, offset };
      this.opened.index.append(
        new StoredHookMeta(encoded.fields, names, encoded.valuesJson, at, encoded.length, this.opened.sharing.heads),
      );
      this.enforceRetention();
    });
  }

  setForward(id: string, result: ForwardResult): Promise<void> {
    const writer = this.writable();
    if (!writer) return this.refused();
    if (!this.opened.index.get(id)) return Promise.resolve();
    const encoded = encodeForward(id, result);
    return writer.append(encoded, (segment) => {
      const entry = this.opened.index.get(id);
      if (!entry) return;
      this.opened.index.forwarded(entry, result, segment, encoded.length);
      this.enforceRetention();
    });
  }

  /**
   * Keeps what inspecting a large body found, so that no later opening reads that body again. Unknown
   * ids, and hooks that were inspected already, are passed over.
   */
  setInsight(id: string, insight: BodyInsight): Promise<void> {
    const writer = this.writable();
    if (!writer) return this.refused();
    if (!this.opened.index.get(id)?.uninspected) return Promise.resolve();
    return writer.append(encodeInsight(id, insight), () => this.opened.index.get(id)?.setInsight(insight));
  }

  /**
   * Pins or unpins hooks (unknown ids are ignored); resolves once a pin record is synced and the index
   * shows it. Pinned hooks are never dropped by retention. Unpinning makes a hook subject to retention
   * again: one that retention has already gone past is dropped at once.
   */
  setPinned(ids: readonly string[], pinned: boolean): Promise<void> {
    const writer = this.writable();
    if (!writer) return this.refused();
    const known = this.known(ids);
    if (known.length === 0) return Promise.resolve();
    const { index } = this.opened;
    const horizon = index.horizon;
    const encoded = encodeAnnotation(TYPE_PIN, { ids: known, pinned, horizon });
    // Until the pin is durable, retention must not drop what is being pinned.
    const held = pinned ? known.map((id) => index.get(id) as StoredHookMeta) : [];
    for (const entry of held) index.holdPin(entry);
    const release = (): void => {
      for (const entry of held) index.releasePin(entry);
      this.enforceRetention();
    };
    const written = writer.append(encoded, (segment) => {
      this.wroteHorizon(horizon, segment);
      for (const id of known) {
        const entry = index.get(id);
        if (!entry) continue;
        index.pin(entry, pinned, segment);
        // A pin of it still on its way decides: that record comes after this one on disk.
        if (!pinned && index.behindHorizon(entry) && !index.isHeld(entry)) index.remove(entry);
      }
      this.enforceRetention();
    });
    if (held.length === 0) return written;
    return written.then(release, (error: unknown) => {
      release();
      throw error;
    });
  }

  /**
   * Deletes hooks (unknown ids are ignored, pinned ones are deleted too); resolves once a delete record is
   * synced and they are gone from the index. Their bytes leave the disk with their segment file, deleted
   * once none of its hooks is kept.
   */
  delete(ids: readonly string[]): Promise<void> {
    const writer = this.writable();
    if (!writer) return this.refused();
    const known = this.known(ids);
    if (known.length === 0) return Promise.resolve();
    const horizon = this.opened.index.horizon;
    const encoded = encodeAnnotation(TYPE_DELETE, { ids: known, horizon });
    return writer.append(encoded, (segment) => {
      const { index } = this.opened;
      this.wroteHorizon(horizon, segment);
      for (const id of known) {
        const entry = index.get(id);
        if (entry) index.remove(entry, segment);
      }
      this.enforceRetention();
    });
  }

  /** Every kept hook, newest first. The same array is returned until the store changes. */
  list(): readonly StoredHookMeta[] {
    return this.opened.index.list();
  }

  /** The `limit` newest hooks, newest first, in O(limit). */
  newest(limit: number): StoredHookMeta[] {
    return this.opened.index.newest(limit);
  }

  get(id: string): StoredHookMeta | undefined {
    return this.opened.index.get(id);
  }

  /** The exact body bytes, checked against their CRC (STORE_CORRUPT when they do not match). */
  readBody(id: string): Promise<Uint8Array | undefined> {
    const entry = this.opened.index.get(id);
    return entry ? readStoredBody(this.dir, entry) : Promise.resolve(undefined);
  }

  /** Changes the limits and applies them at once (a lower limit drops hooks now; pinned hooks stay). */
  setRetention(limits: Partial<RetentionLimits>): void {
    this.retention = limitsOf({ ...this.retention, ...limits });
    if (this.opened.writer) this.enforceRetention();
  }

  /** Deletes every hook from memory and disk (segment and index files are removed, the folder synced). */
  clear(): Promise<void> {
    const writer = this.writable();
    if (!writer) return this.refused();
    return writer.exclusive(async (w) => {
      await this.background;
      this.opened.index.clear();
      this.opened.sharing.clear();
      this.writtenHorizon = undefined;
      // Forget the old segments first so that sealing the active one does not index it.
      this.opened.segments.length = 0;
      const next = w.activeSegment + 1;
      await w.startSegment(next);
      // From here on everything before `next` counts as deleted, even if a crash stops the deleting.
      await writePrivateFile(clearedMarkerPath(this.dir, next), '');
      await fsyncDir(this.dir);
      const files = await listStoreFiles(this.dir);
      for (const segment of files.indexes) await removeIfExists(indexPath(this.dir, segment));
      for (const temp of files.temps) await removeIfExists(temp);
      await finishClear(this.dir, files);
    });
  }

  /** Waits for pending writes, then releases the lock. Calling it again returns the same promise. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const writer = this.opened.writer;
      clearTimeout(this.horizonTimer);
      try {
        if (writer) await this.writeHorizon(writer);
        await writer?.close();
        // Index the active segment as it is now, so that the next open reads only what comes after.
        if (writer && writer.activeSize > 0) this.scheduleIndex(writer.activeSegment, writer.activeHeads());
      } finally {
        await this.background;
        await this.opened.lock?.release();
      }
    })();
    return this.closing;
  }

  /** Ids of `ids` in the index, each once. */
  private known(ids: readonly string[]): string[] {
    const index = this.opened.index;
    return [...new Set(ids)].filter((id) => typeof id === 'string' && index.get(id) !== undefined);
  }

  /** A record carrying `horizon` is durable in `segment`. */
  private wroteHorizon(horizon: Horizon | undefined, segment: number): void {
    if (horizon && (!this.writtenHorizon || compareHorizons(horizon, this.writtenHorizon.horizon) >= 0)) {
      this.writtenHorizon = { horizon, segment };
    }
  }

  /**
   * The segment holding the newest horizon record is otherwise unneeded: the horizon is written again into
   * the active segment, and that one may go once it is durable.
   */
  private moveHorizon(): void {
    const writer = this.writable();
    const horizon = this.opened.index.horizon;
    if (!writer || !horizon || this.movingHorizon) return;
    this.movingHorizon = true;
    writer
      .append(encodeAnnotation(TYPE_HORIZON, { horizon }), (segment) => this.wroteHorizon(horizon, segment))
      .then(
        () => {
          this.movingHorizon = false;
          this.enforceRetention(true);
        },
        (error: unknown) => {
          this.movingHorizon = false;
          const logger = this.options.logger ?? silentLogger;
          logger.warn(
            `Hook store: could not record retention: ${error instanceof Error ? error.message : String(error)}`,
          );
        },
      );
  }

  /**
   * Readers (`hooks list` while a listener runs) know what retention dropped only from horizon records; without
   * them they would list dropped hooks until the writer closes. Once retention moves, a record follows soon.
   */
  private publishHorizonSoon(): void {
    const horizon = this.opened.index.horizon;
    if (this.horizonTimer || !horizon) return;
    if (this.writtenHorizon && compareHorizons(horizon, this.writtenHorizon.horizon) <= 0) return;
    this.horizonTimer = setTimeout(() => {
      this.horizonTimer = undefined;
      this.moveHorizon();
    }, HORIZON_MS);
    this.horizonTimer.unref();
  }

  /** At close: records where retention got to, so that the next opener (read-only ones too) drops the same hooks. */
  private async writeHorizon(writer: SegmentWriter): Promise<void> {
    const horizon = this.opened.index.horizon;
    if (!horizon || (this.writtenHorizon && compareHorizons(horizon, this.writtenHorizon.horizon) <= 0)) return;
    try {
      await writer.append(encodeAnnotation(TYPE_HORIZON, { horizon }), (segment) =>
        this.wroteHorizon(horizon, segment),
      );
    } catch (error) {
      // Without it a reopened store works retention out again from the hooks on disk.
      const logger = this.options.logger ?? silentLogger;
      logger.warn(`Hook store: could not record retention: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private writable(): SegmentWriter | undefined {
    if (this.closing || !this.opened.writer) return undefined;
    return this.opened.writer;
  }

  private refused(): Promise<never> {
    return Promise.reject(this.opened.writer ? new StoreClosedError(this.dir) : new StoreReadOnlyError(this.dir));
  }

  private rotation(): RotationLimits {
    return rotationOf(this.retention, this.options);
  }

  private segmentStarted(segment: number, sealed: number | undefined, heads: WrittenHeads | undefined): void {
    this.opened.segments.push(segment);
    if (sealed !== undefined) this.scheduleIndex(sealed, heads);
  }

  private scheduleIndex(segment: number, heads?: WrittenHeads): void {
    this.runInBackground(`index segment ${segment}`, async () => {
      if (!this.opened.segments.includes(segment)) return;
      await writeSegmentIndex(this.dir, segment, heads);
      // Retention may have deleted the segment meanwhile.
      if (!this.opened.segments.includes(segment)) await removeIfExists(indexPath(this.dir, segment));
    });
  }

  /**
   * Applies retention, then deletes the segment files nothing needs any more (see `HookIndex`). A file
   * holding deletes of hooks in another one goes only once that one's removal is durable (directory
   * synced): were it to go first, a crash could bring the deleted hooks back.
   */
  private enforceRetention(always = false): void {
    const { index, segments, writer } = this.opened;
    index.enforce(this.retention);
    if (writer) this.publishHorizonSoon();
    if (!writer || (!index.takeFreed() && !always)) return;
    const waves: number[][] = [];
    const carrier = this.writtenHorizon?.segment;
    const deletable = (segment: number): boolean => segment !== writer.activeSegment && !index.inUse(segment);
    for (;;) {
      const wave = segments.filter((segment) => segment !== carrier && deletable(segment));
      if (wave.length === 0) break;
      for (const segment of wave) {
        segments.splice(segments.indexOf(segment), 1);
        index.segmentGone(segment);
      }
      waves.push(wave);
    }
    index.takeFreed();
    if (carrier !== undefined && segments.includes(carrier) && deletable(carrier)) this.moveHorizon();
    if (waves.length === 0) return;
    this.runInBackground(`delete segments ${waves.flat().join(', ')}`, async () => {
      for (const wave of waves) {
        for (const segment of wave) {
          await removeIfExists(segmentPath(this.dir, segment));
          await removeIfExists(indexPath(this.dir, segment));
        }
        await fsyncDir(this.dir);
      }
    });
  }

  private runInBackground(what: string, task: () => Promise<void>): void {
    const logger = this.options.logger ?? silentLogger;
    this.background = this.background.then(task).catch((error: unknown) => {
      logger.warn(`Hook store: could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}
