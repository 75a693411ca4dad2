import type { CapturedHook } from '../hooks/capture';

/** Keeps received hooks. `add` resolves once the hook is kept; only then is the sender answered. */
export interface HookStore {
  add(hook: CapturedHook): Promise<void>;
  /** Newest first. */
  list(): readonly CapturedHook[];
  readonly size: number;
  get(id: string): CapturedHook | undefined;
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

  list(): readonly CapturedHook[] {
    return [...this.hooks].reverse();
  }

  get(id: string): CapturedHook | undefined {
    return this.byId.get(id);
  }

  clear(): Promise<void> {
    this.hooks.length = 0;
    this.byId.clear();
    return Promise.resolve();
  }
}
