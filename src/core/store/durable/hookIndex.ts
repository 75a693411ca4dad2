import type { ForwardResult } from '../../model/hook';
import { compareHorizons, type Horizon } from './hookRecords';
import type { StoredHookMeta } from './storedMeta';

/** A horizon as a record on disk carries it, and the segment holding that record. */
export interface HorizonRecord {
  readonly horizon: Horizon;
  readonly segment: number;
}

export interface RetentionLimits {
  /** Most hooks kept; 0 means no limit. */
  readonly maxHooks: number;
  /** Most bytes of records kept; 0 means no limit. */
  readonly maxBytes: number;
}

/**
 * Metadata of every stored hook in arrival (log) order, by id, and what each segment file still holds.
 *
 * Retention and pins: retention drops the oldest *unpinned* hooks until the limits hold, always keeping
 * the newest hook. Pinned hooks count toward both limits (their hooks and their bytes) but are skipped
 * when dropping; when only pinned hooks (and the newest one) are left over a limit, nothing more is
 * dropped and the store stays over it until hooks are unpinned or deleted. Drops go in log order and
 * leave a horizon behind them, the position of the last hook dropped: no unpinned hook before it is
 * kept. A hook unpinned once retention has passed it is therefore dropped at once (as it would have been
 * had it never been pinned), and deleting hooks makes room for new ones but never brings dropped ones
 * back. Pin, delete and close records carry the horizon, so a reopened store drops the same hooks; the segment
 * holding the newest of them stays until the horizon is written again elsewhere (`Retention`).
 *
 * A segment file may go once nothing in it is needed: no live hook, no newest pin or forward record of
 * a live hook, and, while the segment of a hook that is no longer kept is on disk, neither the record
 * that deleted it nor its newest pin record (the hook would come back on reload, or come back pinned and
 * escape the horizon). Pin and delete records do not count toward `totalBytes`.
 */
export class HookIndex {
  /** Arrival order. Dropped slots are undefined; hooks taken out of the middle stay, listed in `gone`, until swept. */
  private entries: Array<StoredHookMeta | undefined> = [];
  /** Slots before it are empty. */
  private head = 0;
  /** Live hooks in slots [head, cursor) are all pinned: retention looks for the oldest droppable hook from here. */
  private cursor = 0;
  private live = 0;
  private readonly gone = new Set<StoredHookMeta>();
  private readonly byId = new Map<string, StoredHookMeta>();
  /** Live hooks per segment. */
  private readonly hooksIn = new Map<number, number>();
  /** Records per segment that must stay: newest pin/forward records of live hooks, deletes of hooks still on disk. */
  private readonly needed = new Map<number, number>();
  /** Per segment holding hooks no longer kept: segments of records about them, needed while it is on disk. */
  private readonly dependents = new Map<number, number[]>();
  private bytes = 0;
  private horizonAt: Horizon | undefined;
  /** The newest horizon read from a record (while loading), and where. */
  private recorded: HorizonRecord | undefined;
  /** Hooks whose pin record is on its way: retention skips them (a count per hook, for overlapping pins). */
  private readonly pinning = new Map<StoredHookMeta, number>();
  /** Some segment's counts fell to zero since `takeFreed()`. */
  private freed = false;
  private newestFirst: readonly StoredHookMeta[] | undefined;

  get size(): number {
    return this.live;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  /** Position of the last hook retention dropped (or a reopened store learnt from its records). */
  get horizon(): Horizon | undefined {
    return this.horizonAt;
  }

  /** The newest horizon a record read while loading carried, and the segment of that record. */
  get horizonRecord(): HorizonRecord | undefined {
    return this.recorded;
  }

  /** Keeps retention off `entry` until `releasePin`: it is being pinned. */
  holdPin(entry: StoredHookMeta): void {
    this.pinning.set(entry, (this.pinning.get(entry) ?? 0) + 1);
  }

  /** Whether a pin on its way holds `entry` (see `holdPin`). */
  isHeld(entry: StoredHookMeta): boolean {
    return this.pinning.has(entry);
  }

  /**
   * Ends a `holdPin`. A hook left unpinned (its pin failed) is subject to retention again: dropped at once
   * when retention has passed it meanwhile.
   */
  releasePin(entry: StoredHookMeta): void {
    const left = (this.pinning.get(entry) ?? 1) - 1;
    if (left > 0) {
      this.pinning.set(entry, left);
      return;
    }
    this.pinning.delete(entry);
    if (entry.pinned === true || this.byId.get(entry.id) !== entry) return;
    this.cursor = this.head;
    if (this.behindHorizon(entry)) this.remove(entry);
  }

  append(entry: StoredHookMeta): void {
    this.entries.push(entry);
    this.byId.set(entry.id, entry);
    this.live++;
    increment(this.hooksIn, entry.segment);
    this.bytes += entry.storedBytes;
    this.newestFirst = undefined;
  }

  /** A forward record of `bytes` bytes for a live hook, in `segment`; it replaces an older one, bytes included. */
  forwarded(entry: StoredHookMeta, forward: ForwardResult, segment: number, bytes: number): void {
    if (entry.forwardRecordSegment >= 0) this.decrement(this.needed, entry.forwardRecordSegment);
    const before = entry.storedBytes;
    entry.setForward(forward, segment, bytes);
    increment(this.needed, segment);
    this.bytes += entry.storedBytes - before;
  }

  /** A pin or unpin record for a live hook, in `segment`. Never drops anything by itself. */
  pin(entry: StoredHookMeta, pinned: boolean, segment: number): void {
    if (entry.pinRecordSegment >= 0) this.decrement(this.needed, entry.pinRecordSegment);
    entry.setPinned(pinned, segment);
    increment(this.needed, segment);
    if (!pinned) this.cursor = this.head;
    this.newestFirst = undefined;
  }

  /** Whether retention has passed `entry`: it would be gone were it not pinned. */
  behindHorizon(entry: StoredHookMeta): boolean {
    return this.horizonAt !== undefined && !isAfter(entry, this.horizonAt);
  }

  /**
   * Takes a live hook out of the index: deleted by a record in `deletedIn`, or (without it) dropped out of
   * order. A delete record is needed until the hook's own segment is gone.
   */
  remove(entry: StoredHookMeta, deletedIn?: number): void {
    this.gone.add(entry);
    this.unlink(entry, deletedIn !== undefined);
    if (deletedIn !== undefined && deletedIn !== entry.segment) {
      increment(this.needed, deletedIn);
      this.dependOn(entry.segment, deletedIn);
    }
    this.sweep();
  }

  get(id: string): StoredHookMeta | undefined {
    return this.byId.get(id);
  }

  list(): readonly StoredHookMeta[] {
    if (!this.newestFirst) {
      const out = new Array<StoredHookMeta>(this.live);
      let j = 0;
      for (let i = this.entries.length - 1; i >= this.head; i--) {
        const entry = this.entries[i];
        if (entry === undefined) continue;
        // Hooks taken out of the middle become plain holes here, so that later rebuilds skip the lookup.
        if (this.gone.size > 0 && this.gone.delete(entry)) this.entries[i] = undefined;
        else out[j++] = entry;
      }
      this.newestFirst = out;
    }
    return this.newestFirst;
  }

  /** The `limit` newest hooks, newest first, without building the whole list. */
  newest(limit: number): StoredHookMeta[] {
    const out: StoredHookMeta[] = [];
    const anyGone = this.gone.size > 0;
    for (let i = this.entries.length - 1; i >= this.head && out.length < limit; i--) {
      const entry = this.entries[i];
      if (entry !== undefined && !(anyGone && this.gone.has(entry))) out.push(entry);
    }
    return out;
  }

  /** Whether anything in `segment` is still needed: a live hook or a record that must stay. */
  inUse(segment: number): boolean {
    return this.hooksIn.has(segment) || this.needed.has(segment);
  }

  /** Whether some segment may have become unneeded since the last call. */
  takeFreed(): boolean {
    const freed = this.freed;
    this.freed = false;
    return freed;
  }

  /** `segment` is deleted: records about its hooks are no longer needed. */
  segmentGone(segment: number): void {
    const records = this.dependents.get(segment);
    if (!records) return;
    this.dependents.delete(segment);
    for (const at of records) this.decrement(this.needed, at);
  }

  /** Drops the oldest unpinned hooks until the limits hold (see the class comment). Returns them, oldest first. */
  enforce(limits: RetentionLimits): StoredHookMeta[] {
    const dropped: StoredHookMeta[] = [];
    while (
      (limits.maxHooks > 0 && this.live > limits.maxHooks) ||
      (limits.maxBytes > 0 && this.bytes > limits.maxBytes)
    ) {
      const slot = this.oldestDroppable();
      if (slot < 0) break;
      const entry = this.entries[slot] as StoredHookMeta;
      this.entries[slot] = undefined;
      this.unlink(entry, false);
      this.raiseHorizon([entry.segment, entry.offset]);
      dropped.push(entry);
    }
    if (dropped.length > 0) this.sweep();
    return dropped;
  }

  /** A record in `segment` carries `horizon` (read while loading). */
  recordedHorizon(horizon: Horizon, segment: number): void {
    this.raiseHorizon(horizon);
    const newest = this.recorded?.horizon;
    if (!newest || compareHorizons(horizon, newest) >= 0) this.recorded = { horizon, segment };
  }

  /** Moves the horizon forward to `horizon` (never back). */
  raiseHorizon(horizon: Horizon): void {
    if (!this.horizonAt || compareHorizons(horizon, this.horizonAt) > 0) this.horizonAt = horizon;
  }

  /** Drops every unpinned hook at or before the horizon: done once a store's records are all read. */
  dropBehindHorizon(): void {
    const horizon = this.horizonAt;
    if (!horizon) return;
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (entry === undefined || this.gone.has(entry)) continue;
      if (isAfter(entry, horizon)) break;
      if (entry.pinned === true) continue;
      this.entries[i] = undefined;
      this.unlink(entry, false);
    }
    this.cursor = this.head;
    this.sweep();
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.cursor = 0;
    this.live = 0;
    this.gone.clear();
    this.byId.clear();
    this.hooksIn.clear();
    this.needed.clear();
    this.dependents.clear();
    this.bytes = 0;
    this.horizonAt = undefined;
    this.recorded = undefined;
    this.pinning.clear();
    this.newestFirst = undefined;
  }

  /** Slot of the oldest live unpinned hook that is not the newest hook, or -1. */
  private oldestDroppable(): number {
    const newest = this.newestSlot();
    let i = Math.max(this.cursor, this.head);
    for (; i < newest; i++) {
      const entry = this.entries[i];
      if (entry === undefined) continue;
      if (this.gone.delete(entry)) {
        this.entries[i] = undefined;
        continue;
      }
      if (entry.pinned === true || this.pinning.has(entry)) continue;
      this.cursor = i;
      return i;
    }
    this.cursor = i;
    return -1;
  }

  /** Slot of the newest live hook (-1 when none); empty slots at the end are cut off on the way. */
  private newestSlot(): number {
    for (;;) {
      const last = this.entries.length - 1;
      if (last < this.head) return -1;
      const entry = this.entries[last];
      if (entry !== undefined && !this.gone.delete(entry)) return last;
      this.entries.pop();
      if (this.cursor > this.entries.length) this.cursor = this.entries.length;
    }
  }

  /**
   * Takes a hook out of the counts. Unless it was deleted, its newest pin record stays needed while its
   * own segment is on disk: without it, an older pin record would pin the hook again on reload.
   */
  private unlink(entry: StoredHookMeta, deleted: boolean): void {
    this.live--;
    if (this.byId.get(entry.id) === entry) this.byId.delete(entry.id);
    this.decrement(this.hooksIn, entry.segment);
    const pinAt = entry.pinRecordSegment;
    if (pinAt >= 0 && !deleted && pinAt !== entry.segment) this.dependOn(entry.segment, pinAt);
    else if (pinAt >= 0) this.decrement(this.needed, pinAt);
    if (entry.forwardRecordSegment >= 0) this.decrement(this.needed, entry.forwardRecordSegment);
    this.bytes -= entry.storedBytes;
    this.newestFirst = undefined;
  }

  /** A record in `recordSegment` (already counted in `needed`) is needed while `segment` is on disk. */
  private dependOn(segment: number, recordSegment: number): void {
    let records = this.dependents.get(segment);
    if (!records) this.dependents.set(segment, (records = []));
    records.push(recordSegment);
  }

  /** Moves `head` past empty slots; rebuilds the array once it is mostly holes. */
  private sweep(): void {
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head];
      if (entry !== undefined && !this.gone.delete(entry)) break;
      this.entries[this.head++] = undefined;
    }
    const holes = this.entries.length - this.live;
    if (holes > 1024 && holes * 2 > this.entries.length) {
      const kept: StoredHookMeta[] = [];
      for (let i = this.head; i < this.entries.length; i++) {
        const entry = this.entries[i];
        if (entry !== undefined && !this.gone.has(entry)) kept.push(entry);
      }
      this.entries = kept;
      this.head = 0;
      this.cursor = 0;
      this.gone.clear();
    }
  }

  private decrement(counts: Map<number, number>, segment: number): void {
    const left = (counts.get(segment) ?? 1) - 1;
    if (left > 0) counts.set(segment, left);
    else {
      counts.delete(segment);
      this.freed = true;
    }
  }
}

function increment(counts: Map<number, number>, segment: number): void {
  counts.set(segment, (counts.get(segment) ?? 0) + 1);
}

/** Whether the hook's record comes after `horizon` in the log. */
function isAfter(entry: StoredHookMeta, horizon: Horizon): boolean {
  return entry.segment > horizon[0] || (entry.segment === horizon[0] && entry.offset > horizon[1]);
}
