import type { BodyInsight, CapturedHook, ForwardResult, HookMeta, HookVerdict } from '../model/hook';
import type { HookStore } from '../model/hookStore';
import { type Arrival, arrivalOf, joinParts } from '../model/arrival';

/**
 * Keeps hooks in memory, dropping the oldest unpinned ones past `maxHooks`. Pinned hooks count toward
 * `maxHooks` but are never dropped; when only pinned hooks are left over it, nothing more is dropped.
 */
export class MemoryHookStore implements HookStore {
  private hooks: HookMeta[] = [];
  private readonly byId = new Map<string, HookMeta>();
  /** Each hook's body as the parts it was added in, joined once when first read. */
  private readonly bodies = new Map<string, readonly Uint8Array[]>();
  private readonly forwards = new Map<string, ForwardResult>();
  /** Arrival number of each hook, and of the newest hook trimming dropped (unpinned hooks before it are gone). */
  private readonly arrival = new Map<string, number>();
  private arrivals = 0;
  private horizon = -1;

  constructor(private readonly maxHooks = 10_000) {}

  add(added: Arrival | CapturedHook): Promise<void> {
    const { meta: hook, parts } = arrivalOf(added);
    this.hooks.push(hook);
    this.byId.set(hook.id, hook);
    this.bodies.set(hook.id, parts);
    this.arrival.set(hook.id, this.arrivals++);
    this.trim();
    return Promise.resolve();
  }

  get size(): number {
    return this.hooks.length;
  }

  list(): readonly HookMeta[] {
    return [...this.hooks].reverse();
  }

  newest(limit: number): HookMeta[] {
    return this.hooks.slice(Math.max(0, this.hooks.length - limit)).reverse();
  }

  get(id: string): HookMeta | undefined {
    const hook = this.byId.get(id);
    const forward = this.forwards.get(id);
    return hook && forward ? { ...hook, forward } : hook;
  }

  setForward(id: string, result: ForwardResult): Promise<void> {
    if (this.byId.has(id)) this.forwards.set(id, result);
    return Promise.resolve();
  }

  setInsight(id: string, insight: BodyInsight): Promise<void> {
    const hook = this.byId.get(id);
    if (hook?.uninspected) {
      const inspected: HookMeta = { ...hook, flags: insight.flags, event: insight.event };
      delete (inspected as { uninspected?: true }).uninspected;
      this.hooks[this.hooks.indexOf(hook)] = inspected;
      this.byId.set(id, inspected);
    }
    return Promise.resolve();
  }

  setVerdict(id: string, verdict: HookVerdict): Promise<void> {
    const hook = this.byId.get(id);
    if (hook) {
      const checked: HookMeta = { ...hook, verdict };
      this.hooks[this.hooks.indexOf(hook)] = checked;
      this.byId.set(id, checked);
    }
    return Promise.resolve();
  }

  setPinned(ids: readonly string[], pinned: boolean): Promise<void> {
    const behind = new Set<string>();
    for (const id of new Set(ids)) {
      const hook = this.byId.get(id);
      if (!hook) continue;
      const changed: HookMeta = { ...hook, pinned: true };
      if (!pinned) delete (changed as { pinned?: boolean }).pinned;
      this.hooks[this.hooks.indexOf(hook)] = changed;
      this.byId.set(id, changed);
      if (!pinned && (this.arrival.get(id) ?? 0) <= this.horizon) behind.add(id);
    }
    this.remove(behind);
    this.trim();
    return Promise.resolve();
  }

  delete(ids: readonly string[]): Promise<void> {
    this.remove(new Set(ids));
    return Promise.resolve();
  }

  readBody(id: string): Promise<Uint8Array | undefined> {
    const parts = this.bodies.get(id);
    if (!parts) return Promise.resolve(undefined);
    const body = joinParts(parts);
    if (parts.length !== 1) this.bodies.set(id, [body]);
    return Promise.resolve(body);
  }

  /** The body of a kept hook as the parts it was added in, unjoined until it is first read. */
  partsOf(id: string): readonly Uint8Array[] | undefined {
    return this.bodies.get(id);
  }

  clear(): Promise<void> {
    this.hooks = [];
    this.byId.clear();
    this.bodies.clear();
    this.forwards.clear();
    this.arrival.clear();
    this.horizon = -1;
    return Promise.resolve();
  }

  /** Drops the oldest unpinned hooks while there are more than `maxHooks`. */
  private trim(): void {
    let from = 0;
    while (this.hooks.length > this.maxHooks) {
      while (from < this.hooks.length && this.hooks[from]?.pinned === true) from++;
      const [dropped] = this.hooks.splice(from, 1);
      if (!dropped) return;
      this.horizon = Math.max(this.horizon, this.arrival.get(dropped.id) ?? -1);
      this.forget(dropped.id);
    }
  }

  private remove(ids: ReadonlySet<string>): void {
    if (ids.size === 0) return;
    this.hooks = this.hooks.filter((hook) => !ids.has(hook.id));
    for (const id of ids) this.forget(id);
  }

  private forget(id: string): void {
    this.byId.delete(id);
    this.bodies.delete(id);
    this.forwards.delete(id);
    this.arrival.delete(id);
  }
}
