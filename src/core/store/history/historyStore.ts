import { type Clock, type Logger, silentLogger } from '../../clock';
import { Emitter, type Event } from '../../event';
import type { ExchangeHistory, HistoryAddOptions, HistoryLimits } from '../../model/history';
import type { BodyRef, PulledExchange } from '../../model/pulled';
import { startAfterClear } from '../durable/open';
import { placeBodies, readFilePrefix } from './bodies';
import { entryOf, type HistoryEntry, StringPool, type SummaryFields } from './entry';
import { HistoryClosedError, HistoryExchangeError, HistoryWriteError } from './errors';
import { historyLimitsOf } from './limits';
import { maskExchange, maskingOf } from './mask';
import { historyDirs, type HistoryDirs, openHistory, type OpenedHistory } from './open';
import { deleteExchanges, type Edits, knownEntries, pinExchanges } from './edits';
import { checkedId, encodeExchange, readExchange } from './records';
import { StateFile } from './state';
import { Upkeep } from './upkeep';

export interface HistoryOpenOptions {
  readonly limits?: Partial<HistoryLimits>;
  /** Taken for the shape other stores share; the history reads no time of its own (exchanges carry theirs). */
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Who holds the folder, named to another window that finds it in use (e.g. "VS Code window my-project"). */
  readonly owner?: string;
}

/** After retention moved, the horizon is written down within this long (and always at close). */
const HORIZON_SAVE_MS = 500;

/**
 * The durable history of sent requests (`ExchangeHistory`), a sibling of the hook store on the same journal: one
 * record per exchange (its summary as the record's meta, the rest and small bodies in its body), appended and
 * fdatasynced before `add` resolves; larger bodies in files of `bodies/`; pins, deletions and the retention horizon
 * in `state.json`. One writer per folder. See README.md beside it.
 */
export class HistoryStore implements ExchangeHistory {
  private readonly changed = new Emitter<void>();
  private changePending = false;
  private readonly upkeep: Upkeep;
  private readonly stateFile: StateFile;
  private readonly adding = new Set<string>();
  private readonly deleting = new Set<string>();
  private readonly edits: Edits;
  private seq: number;
  private horizonTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  readonly onDidChange: Event<void> = this.changed.event;

  private constructor(
    private readonly dirs: HistoryDirs,
    private readonly opened: OpenedHistory,
    private limits: HistoryLimits,
    private readonly pool: StringPool,
    logger: Logger,
  ) {
    this.seq = opened.seq;
    this.upkeep = new Upkeep(dirs, opened.index, opened.segments, opened.deleted, logger);
    this.stateFile = new StateFile(dirs.dir, () => ({
      horizon: opened.index.horizon,
      seq: this.seq,
      pinned: opened.index
        .list()
        .filter((entry) => entry.pinned)
        .map((entry) => entry.id),
      deleted: [...opened.deleted.keys(), ...this.deleting],
    }));
    opened.writer.onDidStartSegment((started) => this.upkeep.started(started));
    this.edits = { ...opened, dir: dirs.dir, upkeep: this.upkeep, stateFile: this.stateFile, deleting: this.deleting };
  }

  /** Opens (creating if needed) the history in `dir`. HISTORY_LOCKED when another live window writes it. */
  static async open(dir: string, options: HistoryOpenOptions = {}): Promise<HistoryStore> {
    const limits = historyLimitsOf(options.limits);
    const logger = options.logger ?? silentLogger;
    const dirs = historyDirs(dir);
    const pool = new StringPool();
    const opened = await openHistory(dirs, options.owner ?? `process ${process.pid}`, logger, pool);
    const store = new HistoryStore(dirs, opened, limits, pool, logger);
    try {
      store.retain();
      await store.upkeep.sweepOrphans();
      store.upkeep.freeSegments(opened.writer.activeSegment);
    } catch (error) {
      await store.dispose().catch(() => undefined);
      throw error;
    }
    return store;
  }

  get dir(): string {
    return this.dirs.dir;
  }

  /** A folder on the history's own device where the sender writes large bodies, so that `add` moves them. */
  get spillDir(): string {
    return this.dirs.spill;
  }

  get size(): { readonly exchanges: number; readonly bytes: number } {
    return { exchanges: this.opened.index.size, bytes: this.opened.index.totalBytes };
  }

  async add(exchange: PulledExchange, options?: HistoryAddOptions): Promise<HistoryEntry> {
    this.checkOpen();
    const id = checkedId(exchange.id, (known) => this.opened.index.get(known) !== undefined || this.adding.has(known));
    this.adding.add(id);
    try {
      const masking = maskingOf(options);
      const masked = maskExchange(exchange, masking);
      const secrets = masking.on ? masking.values : [];
      const where = { bodiesDir: this.dirs.bodies, spillDir: this.dirs.spill, secrets };
      const bodies = await placeBodies(masked, where).catch((error: unknown) => {
        throw error instanceof HistoryExchangeError ? error : new HistoryWriteError(this.dir, error);
      });
      const seq = ++this.seq;
      const { record, meta } = encodeExchange(masked, seq, this.opened.index.horizon, bodies);
      const fields = JSON.parse(meta) as SummaryFields;
      let kept: HistoryEntry | undefined;
      try {
        this.checkOpen();
        await this.opened.writer.append(record, (segment, offset) => {
          kept = entryOf(fields, segment, offset, this.pool) as HistoryEntry;
          this.opened.index.append(kept);
          this.retain();
          this.fireSoon();
        });
      } catch (error) {
        this.upkeep.dropBodies([{ id, files: bodies.files } as HistoryEntry]);
        throw error instanceof HistoryClosedError ? error : new HistoryWriteError(this.dir, error);
      }
      return kept as HistoryEntry;
    } finally {
      this.adding.delete(id);
    }
  }

  list(): readonly HistoryEntry[] {
    return this.opened.index.list();
  }

  newest(limit: number): HistoryEntry[] {
    return this.opened.index.newest(limit);
  }

  summary(id: string): HistoryEntry | undefined {
    return this.opened.index.get(id);
  }

  async get(id: string): Promise<PulledExchange | undefined> {
    const entry = this.opened.index.get(id);
    if (!entry) return undefined;
    return readExchange(this.dirs, entry);
  }

  async bodyRef(id: string, which: 'decoded' | 'raw' = 'decoded'): Promise<BodyRef | undefined> {
    const exchange = await this.get(id);
    return exchange && (which === 'raw' ? exchange.response.raw : exchange.response.decoded);
  }

  async readBody(id: string, which: 'decoded' | 'raw' = 'decoded', limit?: number): Promise<Uint8Array | undefined> {
    const ref = await this.bodyRef(id, which);
    if (!ref) return undefined;
    const max = limit ?? Number.MAX_SAFE_INTEGER;
    return ref.kind === 'memory' ? ref.bytes.subarray(0, max) : readFilePrefix(ref.path, max);
  }

  /** Pins or unpins (unknown ids are passed over); resolves once `state.json` says so. */
  async setPinned(ids: readonly string[], pinned: boolean): Promise<void> {
    this.checkOpen();
    if (await pinExchanges(this.edits, knownEntries(this.opened.index, ids), pinned)) {
      this.retain();
      this.fireSoon();
    }
  }

  /** Deletes exchanges, pinned ones too (unknown ids are passed over); resolves once `state.json` says so. */
  async delete(ids: readonly string[]): Promise<void> {
    this.checkOpen();
    if (await deleteExchanges(this.edits, knownEntries(this.opened.index, ids))) this.fireSoon();
  }

  /** Deletes every exchange, pinned ones too, with their files. */
  async clear(): Promise<void> {
    this.checkOpen();
    return this.opened.writer
      .exclusive(async (writer) => {
        await this.upkeep.idle();
        const entries = [...this.opened.index.list()];
        this.opened.index.clear();
        this.opened.deleted.clear();
        this.opened.segments.length = 0;
        await startAfterClear(this.dirs.journal, writer);
        await this.stateFile.save();
        this.upkeep.dropBodies(entries);
        this.pool.clear();
        this.fireSoon();
      })
      .catch((error: unknown) => {
        throw new HistoryWriteError(this.dir, error);
      });
  }

  /** New limits, applied at once; resolves once the horizon they moved is written down. */
  async setLimits(limits: HistoryLimits): Promise<void> {
    this.checkOpen();
    this.limits = historyLimitsOf(limits);
    if (this.retain())
      await this.stateFile.save().catch((error: unknown) => Promise.reject(new HistoryWriteError(this.dir, error)));
  }

  dispose(): Promise<void> {
    this.closing ??= (async () => {
      clearTimeout(this.horizonTimer);
      const { writer, lock } = this.opened;
      try {
        await writer.close();
        await this.stateFile.save();
        // Index the active segment as it is now, so that the next open reads only what comes after.
        if (writer.activeSize > 0) this.upkeep.indexSegment(writer.activeSegment, writer.activeHeads());
      } finally {
        await this.upkeep.idle();
        this.changed.dispose();
        await lock.release();
      }
    })();
    return this.closing;
  }

  /** Applies the limits; true when retention dropped something. */
  private retain(): boolean {
    const dropped = this.opened.index.enforce(this.limits);
    if (dropped.length === 0) return false;
    this.upkeep.dropBodies(dropped);
    this.upkeep.freeSegments(this.opened.writer.activeSegment);
    this.horizonTimer ??= setTimeout(() => {
      this.horizonTimer = undefined;
      if (!this.closing) this.stateFile.save().catch(() => undefined);
    }, HORIZON_SAVE_MS);
    this.horizonTimer.unref();
    this.fireSoon();
    return true;
  }

  private fireSoon(): void {
    if (this.changePending) return;
    this.changePending = true;
    setImmediate(() => {
      this.changePending = false;
      this.changed.fire();
    });
  }

  private checkOpen(): void {
    if (this.closing) throw new HistoryClosedError(this.dir);
  }
}
