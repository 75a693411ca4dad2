import type { CapturedHook, HookMeta } from '../hooks/capture';

/** Keeps received hooks. `add` resolves once the hook is kept; only then is the sender answered. */
export interface HookStore {
  add(hook: CapturedHook): Promise<void>;
  /** Metadata of every stored hook, newest first. */
  list(): readonly HookMeta[];
  get(id: string): HookMeta | undefined;
  /** The exact body bytes, or undefined when the hook is no longer stored. */
  readBody(id: string): Promise<Uint8Array | undefined>;
  readonly size: number;
  clear(): Promise<void>;
}

/** Keeps hooks in memory, dropping the oldest past `maxHooks`. */
export class MemoryHookStore implements HookStore {
  private readonly hooks: CapturedHook[] = [];
  private readonly byId = new Map<string, CapturedHook>();

  constructor(private readonly maxHooks = 10_000) {}

  add(hook: CapturedHook): Promise<void> {
    this.hooks.push(hook);
    this.byId.set(hook.id, hook);
    while (this.hooks.length > this.maxHooks) {
      const dropped = this.hooks.shift();
      if (dropped) this.byId.delete(dropped.id);
    }
    return Promise.resolve();
  }

  get size(): number {
    return this.hooks.length;
  }

  list(): readonly HookMeta[] {
    return [...this.hooks].reverse();
  }

  get(id: string): HookMeta | undefined {
    return this.byId.get(id);
  }

  readBody(id: string): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.byId.get(id)?.body);
  }

  clear(): Promise<void> {
    this.hooks.length = 0;
    this.byId.clear();
    return Promise.resolve();
  }
}
