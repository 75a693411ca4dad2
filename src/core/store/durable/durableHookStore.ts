import { type Logger, silentLogger } from '../../clock';
import type { Disposable } from '../../event';
import type { BodyInsight, CapturedHook, ForwardResult, HookVerdict } from '../../model/hook';
import { type Arrival, arrivalOf } from '../../model/arrival';
import type { HookStore } from '../../model/hookStore';
import { appendDelete, appendPin } from './annotations';
import { Background } from './background';
import { StoreClosedError, StoreReadOnlyError, StoreWriteError } from '../journal/errors';
import type { RetentionLimits } from './hookIndex';
import { limitsOf, rotationOf } from './limits';
import { openReader, openWriter, type OpenedStore, startAfterClear } from './open';
import type { DurableStoreOptions, StoreStats } from './options';
import { readStoredBody } from '../journal/readBody';
import { encodeForward, encodeInsight, encodeHook, encodeVerdict, NamesJson } from './hookRecords';
import { Retention } from './retention';
import { SegmentIndexing } from './indexing';
import { StoredHookMeta } from './storedMeta';
import { systemSync } from '../journal/sync';
import type { SegmentWriter } from '../journal/writer';

export type { DurableStoreOptions, StoreStats } from './options';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_HOOKS } from './limits';

/**
 * The hook journal on disk: append-only segment files of binary records (raw body bytes, CRC-checked),
 * group-committed with fdatasync before `add` resolves, one writer at a time (lock file), any number of
 * read-only openers, retention by count and bytes (pinned hooks excepted, see `HookIndex` and `Retention`),
 * pins and deletes as records of their own, and an in-memory index of metadata. See README.md beside it.
 */
export class DurableHookStore implements HookStore {
  private closing: Promise<void> | undefined;
  private readonly namesJson = new NamesJson();
  /** Index writes and segment deletions, one after another, off the append path. */
  private readonly background: Background;
  private readonly retention: Retention;
  private readonly indexing: SegmentIndexing;
  private readonly started: Disposable | undefined;

  private constructor(
    readonly dir: string,
    private readonly opened: OpenedStore,
    private readonly options: DurableStoreOptions,
  ) {
    const logger = options.logger ?? silentLogger;
    this.background = new Background(logger);
    this.retention = new Retention(dir, opened, this.background, logger, limitsOf(options));
    this.indexing = new SegmentIndexing(dir, opened.segments, this.background);
    this.started = opened.writer?.onDidStartSegment((started) => this.indexing.started(started));
  }

  /** Opens (creating if needed) `dir` for writing. Throws STORE_LOCKED when another live process writes it. */
  static async open(dir: string, options: DurableStoreOptions = {}): Promise<DurableHookStore> {
    const opened = await openWriter(dir, {
      logger: options.logger ?? silentLogger,
      owner: options.owner ?? `process ${process.pid}`,
      rotation: rotationOf(limitsOf(options), options),
      directIo: options.directIo ?? true,
      sync: options.sync ?? systemSync,
    });
    const store = new DurableHookStore(dir, opened, options);
    store.retention.enforce(true);
    for (const segment of opened.unindexed) store.indexing.schedule(segment);
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
    return this.retention.limits;
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
      this.retention.enforce();
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
      this.retention.enforce();
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

  /** Keeps a verdict made again after arrival; unknown ids are passed over. */
  setVerdict(id: string, verdict: HookVerdict): Promise<void> {
    const writer = this.writable();
    if (!writer) return this.refused();
    if (!this.opened.index.get(id)) return Promise.resolve();
    return writer.append(encodeVerdict(id, verdict), () => this.opened.index.get(id)?.setVerdict(verdict));
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
    return appendPin({ writer, index: this.opened.index, retention: this.retention }, known, pinned);
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
    return appendDelete({ writer, index: this.opened.index, retention: this.retention }, known);
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
    this.retention.limits = limitsOf({ ...this.retention.limits, ...limits });
    const { writer } = this.opened;
    if (!writer) return;
    writer.rotation = rotationOf(this.retention.limits, this.options);
    this.retention.enforce();
  }

  /** Deletes every hook from memory and disk (segment and index files are removed, the folder synced). */
  clear(): Promise<void> {
    const writer = this.writable();
    if (!writer) return this.refused();
    return writer.exclusive(async (w) => {
      await this.background.idle();
      this.opened.index.clear();
      this.opened.sharing.clear();
      this.retention.forget();
      // Forget the old segments first so that sealing the active one does not index it.
      this.opened.segments.length = 0;
      await startAfterClear(this.dir, w);
    });
  }

  /** Waits for pending writes, then releases the lock. Calling it again returns the same promise. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const writer = this.opened.writer;
      this.retention.stop();
      try {
        if (writer) await this.retention.recordAtClose(writer);
        await writer?.close();
        // Index the active segment as it is now, so that the next open reads only what comes after.
        if (writer && writer.activeSize > 0) this.indexing.schedule(writer.activeSegment, writer.activeHeads());
      } finally {
        this.started?.dispose();
        await this.background.idle();
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

  private writable(): SegmentWriter | undefined {
    if (this.closing || !this.opened.writer) return undefined;
    return this.opened.writer;
  }

  private refused(): Promise<never> {
    return Promise.reject(this.opened.writer ? new StoreClosedError(this.dir) : new StoreReadOnlyError(this.dir));
  }
}
