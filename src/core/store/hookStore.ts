import type { CapturedHook, ForwardResult, HookMeta } from '../hooks/capture';

/** Keeps received hooks. `add` resolves once the hook is kept; only then is the sender answered. */
export interface HookStore {
  add(hook: CapturedHook): Promise<void>;
  /** Metadata of every stored hook, newest first. */
  list(): readonly HookMeta[];
  /** The newest `limit` hooks, newest first, without copying the rest. */
  newest(limit: number): HookMeta[];
  get(id: string): HookMeta | undefined;
  /** The exact body bytes, or undefined when the hook is no longer stored. */
  readBody(id: string): Promise<Uint8Array | undefined>;
  readonly size: number;
  /** Records what a route's forward target answered, after the hook itself was stored. */
  setForward(id: string, result: ForwardResult): Promise<void>;
  clear(): Promise<void>;
}

/** Keeps hooks in memory, dropping the oldest past `maxHooks`. */
export class MemoryHookStore implements HookStore {
  private readonly hooks: CapturedHook[] = [];
  private readonly byId = new Map<string, CapturedHook>();
  private readonly forwards = new Map<string, ForwardResult>();

  constructor(private readonly maxHooks = 10_000) {}

  add(hook: CapturedHook): Promise<void> {
    this.hooks.push(hook);
    this.byId.set(hook.id, hook);
    while (this.hooks.length > this.maxHooks) {
      const dropped = this.hooks.shift();
      if (dropped) {
        this.byId.delete(dropped.id);
        this.forwards.delete(dropped.id);
      }
    }
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

  readBody(id: string): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.byId.get(id)?.body);
  }

  clear(): Promise<void> {
    this.hooks.length = 0;
    this.byId.clear();
    this.forwards.clear();
    return Promise.resolve();
  }
}
