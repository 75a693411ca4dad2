import { systemTimers, type Timers } from './clock';

/**
 * A piece of work asked for many times in a burst and done once: `schedule()` runs `run` after `ms` unless it is
 * already due, and the work itself calls `cancel()` when it runs early (so one run covers every ask before it).
 */
export class Coalesced {
  /** Cancels the run that is due; undefined when none is. */
  private due: (() => void) | undefined;

  constructor(
    private readonly ms: number,
    private readonly run: () => void,
    private readonly timers: Timers = systemTimers,
  ) {}

  /** Whether a run is due. */
  get pending(): boolean {
    return this.due !== undefined;
  }

  /** Runs the work after `ms` (or `afterMs`), unless a run is already due. */
  schedule(afterMs = this.ms): void {
    this.due ??= this.timers.after(afterMs, () => {
      this.due = undefined;
      this.run();
    });
  }

  cancel(): void {
    this.due?.();
    this.due = undefined;
  }

  dispose(): void {
    this.cancel();
  }
}
