import * as fsp from 'node:fs/promises';
import type { Logger } from '../../clock';
import { silentLogger } from '../../clock';
import type { CapturedHook, ForwardResult } from '../../hooks/capture';
import type { HookStore } from '../hookStore';
import { StoreClosedError, StoreCorruptError, StoreOptionsError, StoreReadOnlyError, StoreWriteError } from './errors';
import { fsyncDir, indexPath, isNotFound, listStoreFiles, readAt, removeIfExists, segmentPath } from './files';
import type { RetentionLimits } from './hookIndex';
import { openReader, openWriter, type OpenedStore } from './open';
import { decodeHeader, encodeForward, encodeHook, HEADER_SIZE, headLength } from './record';
import { crc32 } from './crc32';
import { writeSegmentIndex } from './segmentIndex';
import { StoredHookMeta } from './storedMeta';
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
  /** Records per segment before a new file is started. Default: maxHooks / 8 (at least 16), unlimited when 0. */
  readonly segmentHooks?: number;
  /**
   * Append with O_DIRECT (whole aligned blocks, no page cache) where the file system allows it; default
   * true. Durability does not depend on it: every acknowledgement waits for fdatasync either way.
   */
  readonly directIo?: boolean;
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

export const DEFAULT_MAX_HOOKS = 10_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;

/**
 * The hook journal on disk: append-only segment files of binary records (raw body bytes, CRC-checked),
 * group-committed with fdatasync before `add` resolves, one writer at a time (lock file), any number of
 * read-only openers, retention by count and bytes, and an in-memory index of metadata.
 */
export class DurableHookStore implements HookStore {
  private retention: RetentionLimits;
  private closing: Promise<void> | undefined;
  /** Index writes and segment deletions, one after another, off the append path. */
  private background: Promise<void> = Promise.resolve();

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
      onStarted: (segment, sealed) => ref.store?.segmentStarted(segment, sealed),
      directIo: options.directIo ?? true,
    });
    const store = new DurableHookStore(dir, opened, options);
    ref.store = store;
    store.enforceRetention();
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

  add(hook: CapturedHook): Promise<void> {
    const writer = this.writable();
    if (!writer) return this.refused();
    let encoded;
    try {
      encoded = encodeHook(hook);
    } catch (error) {
      return Promise.reject(new StoreWriteError(this.dir, error));
    }
    const names = this.opened.sharing.pool.intern(encoded.namesJson);
    this.opened.sharing.share(encoded.fields);
    return writer.append(encoded, (segment, offset) => {
      const at = { segment, offset };
      this.opened.index.append(new StoredHookMeta(encoded.fields, names, encoded.valuesJson, at, encoded.length));
      this.enforceRetention();
    });
  }

  setForward(id: string, result: ForwardResult): Promise<void> {
    const writer = this.writable();
    if (!writer) return this.refused();
    if (!this.opened.index.get(id)) return Promise.resolve();
    const encoded = encodeForward(id, result);
    return writer.append(encoded, () => {
      const entry = this.opened.index.get(id);
      if (!entry) return;
      entry.forward = result;
      this.opened.index.grow(entry, encoded.length);
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
  async readBody(id: string): Promise<Uint8Array | undefined> {
    const entry = this.opened.index.get(id);
    if (!entry) return undefined;
    const file = segmentPath(this.dir, entry.segment);
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, 'r');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    try {
      const headerBytes = Buffer.alloc(HEADER_SIZE);
      if ((await readAt(handle, headerBytes, HEADER_SIZE, entry.offset)) < HEADER_SIZE) {
        throw new StoreCorruptError(file, entry.offset, 'the record is cut short');
      }
      const header = decodeHeader(headerBytes, 0);
      if (typeof header === 'string') throw new StoreCorruptError(file, entry.offset, `record header: ${header}`);
      const body = Buffer.allocUnsafe(header.bodyLen);
      const at = entry.offset + HEADER_SIZE + headLength(header);
      if ((await readAt(handle, body, header.bodyLen, at)) < header.bodyLen || crc32(body) !== header.bodyCrc) {
        throw new StoreCorruptError(file, entry.offset, 'the body does not match its checksum');
      }
      return body;
    } finally {
      await handle.close();
    }
  }

  /** Changes the limits and applies them at once (a lower limit drops hooks now). */
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
      // Forget the old segments first so that sealing the active one does not index it.
      this.opened.segments.length = 0;
      const next = w.activeSegment + 1;
      await w.startSegment(next);
      const files = await listStoreFiles(this.dir);
      for (const segment of files.segments) if (segment !== next) await removeIfExists(segmentPath(this.dir, segment));
      for (const segment of files.indexes) await removeIfExists(indexPath(this.dir, segment));
      for (const temp of files.temps) await removeIfExists(temp);
      await fsyncDir(this.dir);
    });
  }

  /** Waits for pending writes, then releases the lock. Calling it again returns the same promise. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const writer = this.opened.writer;
      try {
        await writer?.close();
        // Index the active segment as it is now, so that the next open reads only what comes after.
        if (writer && writer.activeSize > 0) this.scheduleIndex(writer.activeSegment);
      } finally {
        await this.background;
        await this.opened.lock?.release();
      }
    })();
    return this.closing;
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

  private segmentStarted(segment: number, sealed: number | undefined): void {
    this.opened.segments.push(segment);
    if (sealed !== undefined) this.scheduleIndex(sealed);
  }

  private scheduleIndex(segment: number): void {
    this.runInBackground(`index segment ${segment}`, async () => {
      if (!this.opened.segments.includes(segment)) return;
      await writeSegmentIndex(this.dir, segment);
      // Retention may have deleted the segment meanwhile.
      if (!this.opened.segments.includes(segment)) await removeIfExists(indexPath(this.dir, segment));
    });
  }

  private enforceRetention(): void {
    const { index, segments, writer } = this.opened;
    if (index.enforce(this.retention).length === 0) return;
    const dead: number[] = [];
    while (segments.length > 1 && segments[0] !== writer?.activeSegment && !index.hasLive(segments[0] as number)) {
      dead.push(segments.shift() as number);
    }
    if (dead.length === 0) return;
    this.runInBackground(`delete segments ${dead.join(', ')}`, async () => {
      for (const segment of dead) {
        await removeIfExists(segmentPath(this.dir, segment));
        await removeIfExists(indexPath(this.dir, segment));
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

function limitsOf(options: { maxHooks?: number; maxBytes?: number }): RetentionLimits {
  const maxHooks = options.maxHooks ?? DEFAULT_MAX_HOOKS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  for (const [name, value] of [
    ['maxHooks', maxHooks],
    ['maxBytes', maxBytes],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new StoreOptionsError(`${name} must be a whole number ≥ 0 (0 = no limit), not ${value}.`);
    }
  }
  return { maxHooks, maxBytes };
}

function rotationOf(limits: RetentionLimits, options: DurableStoreOptions): RotationLimits {
  const bytes = limits.maxBytes > 0 ? Math.min(64 * MIB, Math.max(MIB, Math.floor(limits.maxBytes / 8))) : 64 * MIB;
  const records = limits.maxHooks > 0 ? Math.max(16, Math.ceil(limits.maxHooks / 8)) : Infinity;
  return { segmentBytes: options.segmentBytes ?? bytes, segmentRecords: options.segmentHooks ?? records };
}
