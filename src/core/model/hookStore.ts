import type { Arrival } from './arrival';
import type { BodyInsight, CapturedHook, ForwardResult, HookMeta, HookVerdict } from './hook';

/** Keeps received hooks. `add` resolves once the hook is kept; only then is the sender answered. */
export interface HookStore {
  /** An arrival as the listener passes it, or a hook whose body is at hand in one piece. */
  add(hook: Arrival | CapturedHook): Promise<void>;
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
  /**
   * Keeps what inspecting a body too large to inspect on arrival found (`flags`, `event`; `uninspected`
   * no longer set). Hooks unknown or inspected already are passed over.
   */
  setInsight(id: string, insight: BodyInsight): Promise<void>;
  /**
   * Keeps a signature verdict made again after the hook was stored (a secret set since, Check Signature Again).
   * Unknown ids are passed over.
   */
  setVerdict(id: string, verdict: HookVerdict): Promise<void>;
  /**
   * Pins (`pinned: true` on the hook's metadata) or unpins hooks; unknown ids are ignored. Pinned hooks
   * are never dropped by retention. An unpinned hook is subject to retention again, and is dropped at
   * once when retention has already gone past it. Resolves once this is kept (durably, where the store is).
   */
  setPinned(ids: readonly string[], pinned: boolean): Promise<void>;
  /** Deletes hooks, pinned ones too; unknown ids are ignored. Resolves once they are gone (durably, where the store is). */
  delete(ids: readonly string[]): Promise<void>;
  clear(): Promise<void>;
}
