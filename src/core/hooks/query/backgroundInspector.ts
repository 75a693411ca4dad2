import type { Logger } from '../../clock';
import type { HookStore } from '../../model/hookStore';
import type { HookMeta } from '../../model/hook';
import { INSPECT_MAX_BYTES, inspectStored } from './inspectStored';

/** Hooks waiting at most: past it, a burst of large hooks is left for the view to inspect when shown. */
const MAX_WAITING = 256;

/**
 * Inspects each stored hook whose body was too large to inspect on arrival, one at a time after it was
 * answered, and keeps what it found with the hook (`HookStore.setInsight`): no view, listing or reopening
 * reads that body again to name its event. Works in the background of the listener's process, handing the
 * event loop back as it reads.
 */
export class BackgroundInspector {
  private readonly waiting: string[] = [];
  private running: Promise<void> | undefined;
  private disposed = false;

  constructor(
    private readonly store: HookStore,
    private readonly logger: Logger,
  ) {}

  add(hook: HookMeta): void {
    if (this.disposed || !hook.uninspected || hook.bodySize > INSPECT_MAX_BYTES) return;
    if (this.waiting.length >= MAX_WAITING) return;
    this.waiting.push(hook.id);
    this.running ??= this.work().finally(() => (this.running = undefined));
  }

  /** Resolves once nothing is waiting (or being inspected). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops taking hooks; what is being inspected finishes, what waits is left uninspected. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.waiting.length = 0;
    await this.idle();
  }

  private async work(): Promise<void> {
    for (let id = this.waiting.shift(); id !== undefined && !this.disposed; id = this.waiting.shift()) {
      const hook = this.store.get(id);
      if (!hook?.uninspected) continue;
      const insight = (await inspectStored([hook], (hookId) => this.store.readBody(hookId))).get(id);
      if (!insight || this.disposed) continue;
      try {
        await this.store.setInsight(id, insight);
      } catch (error) {
        this.logger.warn(`Could not keep what inspecting ${id} found: ${String(error)}`);
      }
    }
  }
}
