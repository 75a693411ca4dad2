import { type FSWatcher, watch } from 'node:fs';
import { type Logger, systemTimers, type Timers } from '../clock';
import { Coalesced } from '../coalesced';
import type { OperationQueue } from './queue';

/** Least time between two reads of the store by a window that is not listening while another one adds to it. */
const RELOAD_MS = 1000;

/**
 * Follows what another window writes: while this window shows a snapshot, changes to the store's folder read it
 * again, in turn with the other operations, at most once per RELOAD_MS.
 */
export class WriteFollower {
  private watcher: FSWatcher | undefined;
  private lastLoadMs = 0;
  private readonly due: Coalesced;

  constructor(
    private readonly location: string,
    private readonly logger: Logger,
    queue: OperationQueue,
    /** Reads the store again. */
    private readonly reload: () => Promise<void>,
    private readonly timers: Timers = systemTimers,
  ) {
    this.due = new Coalesced(RELOAD_MS, () => void queue.run(() => this.reloadNow()), timers);
  }

  start(): void {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.location, () => {
        // A large store takes a while to read: it is read again no more than a fifth of the time.
        this.due.schedule(Math.max(RELOAD_MS, 4 * this.lastLoadMs));
      });
      this.watcher.on('error', () => this.stop());
    } catch (error) {
      this.logger.warn(`Hooks added by another window appear after a restart: ${String(error)}`);
    }
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.due.cancel();
  }

  private async reloadNow(): Promise<void> {
    if (!this.watcher) return;
    const started = this.timers.elapsed();
    await this.reload();
    this.lastLoadMs = this.timers.elapsed() - started;
  }
}
