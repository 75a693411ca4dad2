import type { HistoryLimits } from '../../model/history';
import type { HistoryEntry } from './entry';

/**
 * Every kept exchange in the order it was added (by `seq`), by id, and how many each segment file still holds.
 *
 * Retention drops the oldest unpinned exchanges until both limits hold, always keeping the newest; pinned ones
 * count toward the limits but are never dropped. Drops leave a horizon behind them, the `seq` of the last one
 * dropped: no unpinned exchange at or before it is kept, so deleting exchanges makes room for new ones but never
 * brings dropped ones back, and an exchange unpinned once retention has passed it goes at once.
 */
export class HistoryIndex {
  /** Add order; removed slots are undefined until swept. */
  private entries: Array<HistoryEntry | undefined> = [];
  private head = 0;
  /** Live entries in slots [head, cursor) are all pinned: retention looks for the oldest droppable from here. */
  private cursor = 0;
  private live = 0;
  private bytes = 0;
  private readonly byId = new Map<string, HistoryEntry>();
  private readonly perSegment = new Map<number, number>();
  private newestFirst: readonly HistoryEntry[] | undefined;
  /** `seq` of the last exchange retention dropped (0: none). */
  horizon = 0;

  get size(): number {
    return this.live;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  append(entry: HistoryEntry): void {
    this.entries.push(entry);
    this.byId.set(entry.id, entry);
    this.live++;
    this.bytes += entry.bytes;
    this.perSegment.set(entry.segment, (this.perSegment.get(entry.segment) ?? 0) + 1);
    this.newestFirst = undefined;
  }

  get(id: string): HistoryEntry | undefined {
    return this.byId.get(id);
  }

  /** Whether a live exchange's record is in `segment`. */
  holds(segment: number): boolean {
    return this.perSegment.has(segment);
  }

  setPinned(entry: HistoryEntry, pinned: boolean): void {
    entry.pinned = pinned;
    if (!pinned) this.cursor = this.head;
    this.newestFirst = undefined;
  }

  /** Whether retention has passed `entry`: it would be gone were it not pinned. */
  behindHorizon(entry: HistoryEntry): boolean {
    return entry.seq <= this.horizon;
  }

  /** Takes a live exchange out (deleted, or dropped out of order). */
  remove(entry: HistoryEntry, sweep = true): void {
    if (entry.gone || this.byId.get(entry.id) !== entry) return;
    entry.gone = true;
    this.byId.delete(entry.id);
    this.live--;
    this.bytes -= entry.bytes;
    const left = (this.perSegment.get(entry.segment) ?? 1) - 1;
    if (left > 0) this.perSegment.set(entry.segment, left);
    else this.perSegment.delete(entry.segment);
    this.newestFirst = undefined;
    if (sweep) this.sweep();
  }

  /** Every kept exchange, newest first; the same array until the index changes. */
  list(): readonly HistoryEntry[] {
    if (!this.newestFirst) {
      const out = new Array<HistoryEntry>(this.live);
      let j = 0;
      for (let i = this.entries.length - 1; i >= this.head; i--) {
        const entry = this.entries[i];
        if (entry !== undefined && this.isLive(entry)) out[j++] = entry;
      }
      this.newestFirst = out;
    }
    return this.newestFirst;
  }

  /** The `limit` newest, newest first, without building the whole list. */
  newest(limit: number): HistoryEntry[] {
    const out: HistoryEntry[] = [];
    for (let i = this.entries.length - 1; i >= this.head && out.length < limit; i--) {
      const entry = this.entries[i];
      if (entry !== undefined && this.isLive(entry)) out.push(entry);
    }
    return out;
  }

  /** Drops the oldest unpinned exchanges (never the newest) until `limits` hold; returns them. */
  enforce(limits: HistoryLimits): HistoryEntry[] {
    const dropped: HistoryEntry[] = [];
    const over = (): boolean =>
      (limits.maxExchanges > 0 && this.live > limits.maxExchanges) ||
      (limits.maxBytes > 0 && this.bytes > limits.maxBytes);
    if (!over()) return dropped;
    const newest = this.newest(1)[0];
    // While every live exchange before `i` is pinned, the cursor follows: the next look starts there.
    let prefix = true;
    for (let i = Math.max(this.cursor, this.head); i < this.entries.length && over(); i++) {
      const entry = this.entries[i];
      if (entry !== undefined && this.isLive(entry) && entry !== newest && !entry.pinned) {
        if (entry.seq > this.horizon) this.horizon = entry.seq;
        this.remove(entry, false);
        dropped.push(entry);
      } else if (entry === undefined || !this.isLive(entry) || entry.pinned) {
        if (prefix) this.cursor = i + 1;
      } else {
        prefix = false;
      }
    }
    this.sweep();
    return dropped;
  }

  /** Drops every unpinned exchange at or before the horizon (once a reopened history has read its pins). */
  dropBehindHorizon(): HistoryEntry[] {
    const dropped: HistoryEntry[] = [];
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (entry === undefined || !this.isLive(entry)) continue;
      if (entry.seq > this.horizon) break;
      if (entry.pinned) continue;
      this.remove(entry, false);
      dropped.push(entry);
    }
    this.cursor = this.head;
    this.sweep();
    return dropped;
  }

  clear(): void {
    for (const entry of this.byId.values()) entry.gone = true;
    this.entries = [];
    this.head = 0;
    this.cursor = 0;
    this.live = 0;
    this.bytes = 0;
    this.byId.clear();
    this.perSegment.clear();
    this.newestFirst = undefined;
  }

  private isLive(entry: HistoryEntry): boolean {
    return !entry.gone;
  }

  /** Moves `head` past removed slots; rebuilds the array once it is mostly holes. */
  private sweep(): void {
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head];
      if (entry !== undefined && this.isLive(entry)) break;
      this.entries[this.head++] = undefined;
    }
    if (this.cursor < this.head) this.cursor = this.head;
    const holes = this.entries.length - this.live;
    if (holes > 1024 && holes * 2 > this.entries.length) {
      const kept = this.entries.filter((entry): entry is HistoryEntry => entry !== undefined && this.isLive(entry));
      this.entries = kept;
      this.head = 0;
      this.cursor = 0;
    }
  }
}
