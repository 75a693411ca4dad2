/**
 * A piece of work asked for many times in a burst and done once: `schedule()` runs `run` after `ms` unless it is
 * already due, and the work itself calls `cancel()` when it runs early (so one run covers every ask before it).
 */
export class Coalesced {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ms: number,
    private readonly run: () => void,
  ) {}

  /** Whether a run is due. */
  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** Runs the work after `ms` (or `afterMs`), unless a run is already due. */
  schedule(afterMs = this.ms): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, afterMs);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.cancel();
  }
}
