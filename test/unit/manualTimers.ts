import type { Timers } from '../../src/core/clock';

interface Due {
  readonly at: number;
  readonly run: () => void;
}

/**
 * Timers whose time moves only when the test says: `advance` runs what falls due, in order. Tests wait for
 * what the code asked of them (`nextWait`, `nextReading`) instead of sleeping.
 */
export class ManualTimers implements Timers {
  private now = 0;
  private readonly due = new Set<Due>();
  private readonly waitWatchers: Array<(ms: number) => void> = [];
  private readonly readingWatchers: Array<() => void> = [];

  elapsed(): number {
    for (const watcher of this.readingWatchers.splice(0)) watcher();
    return this.now;
  }

  after(ms: number, run: () => void): () => void {
    const entry: Due = { at: this.now + ms, run };
    this.due.add(entry);
    for (const watcher of this.waitWatchers.splice(0)) watcher(ms);
    return () => this.due.delete(entry);
  }

  /** Waits asked for and neither run nor cancelled. */
  get pending(): number {
    return this.due.size;
  }

  /** Moves time on by `ms`, running every wait that falls due on the way, earliest first. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const next = [...this.due].filter((entry) => entry.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.due.delete(next);
      this.now = next.at;
      next.run();
    }
    this.now = end;
  }

  /** Resolves with the length of the next wait asked for. */
  nextWait(): Promise<number> {
    return new Promise((resolve) => this.waitWatchers.push(resolve));
  }

  /** Resolves at the next reading of `elapsed()`. */
  nextReading(): Promise<void> {
    return new Promise((resolve) => this.readingWatchers.push(resolve));
  }
}
