import type { StoredHookMeta } from './storedMeta';

export interface RetentionLimits {
  /** Most hooks kept; 0 means no limit. */
  readonly maxHooks: number;
  /** Most bytes of records kept; 0 means no limit. */
  readonly maxBytes: number;
}

/**
 * Metadata of every stored hook in arrival order, by id, and per segment. The oldest hooks are dropped
 * from the front; `list()` returns a newest-first array rebuilt only when the index changed.
 */
export class HookIndex {
  private entries: StoredHookMeta[] = [];
  private head = 0;
  private readonly byId = new Map<string, StoredHookMeta>();
  /** Live hooks per segment number. */
  private readonly perSegment = new Map<number, number>();
  private bytes = 0;
  private newestFirst: readonly StoredHookMeta[] | undefined;

  get size(): number {
    return this.entries.length - this.head;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  append(entry: StoredHookMeta): void {
    this.entries.push(entry);
    this.byId.set(entry.id, entry);
    this.perSegment.set(entry.segment, (this.perSegment.get(entry.segment) ?? 0) + 1);
    this.bytes += entry.storedBytes;
    this.newestFirst = undefined;
  }

  /** Accounts bytes written for a live hook after it (a forward record). */
  grow(entry: StoredHookMeta, bytes: number): void {
    entry.addStoredBytes(bytes);
    this.bytes += bytes;
  }

  get(id: string): StoredHookMeta | undefined {
    return this.byId.get(id);
  }

  list(): readonly StoredHookMeta[] {
    if (!this.newestFirst) {
      const out = new Array<StoredHookMeta>(this.size);
      for (let i = this.entries.length - 1, j = 0; i >= this.head; i--, j++) out[j] = this.entries[i] as StoredHookMeta;
      this.newestFirst = out;
    }
    return this.newestFirst;
  }

  /** The `limit` newest hooks, newest first, without building the whole list. */
  newest(limit: number): StoredHookMeta[] {
    const out: StoredHookMeta[] = [];
    for (let i = this.entries.length - 1; i >= this.head && out.length < limit; i--) {
      out.push(this.entries[i] as StoredHookMeta);
    }
    return out;
  }

  /** Whether any live hook is in `segment`. */
  hasLive(segment: number): boolean {
    return (this.perSegment.get(segment) ?? 0) > 0;
  }

  /**
   * Drops the oldest hooks until the limits hold, always keeping the newest one so that a hook just
   * acknowledged is never gone at once. Returns what was dropped, oldest first.
   */
  enforce(limits: RetentionLimits): StoredHookMeta[] {
    const dropped: StoredHookMeta[] = [];
    while (
      this.size > 1 &&
      ((limits.maxHooks > 0 && this.size > limits.maxHooks) || (limits.maxBytes > 0 && this.bytes > limits.maxBytes))
    ) {
      dropped.push(this.dropOldest());
    }
    if (dropped.length > 0) this.compact();
    return dropped;
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.byId.clear();
    this.perSegment.clear();
    this.bytes = 0;
    this.newestFirst = undefined;
  }

  private dropOldest(): StoredHookMeta {
    const entry = this.entries[this.head] as StoredHookMeta;
    this.entries[this.head] = undefined as unknown as StoredHookMeta;
    this.head++;
    if (this.byId.get(entry.id) === entry) this.byId.delete(entry.id);
    const left = (this.perSegment.get(entry.segment) ?? 1) - 1;
    if (left > 0) this.perSegment.set(entry.segment, left);
    else this.perSegment.delete(entry.segment);
    this.bytes -= entry.storedBytes;
    this.newestFirst = undefined;
    return entry;
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
