import { randomBytes } from 'node:crypto';
import type { Logger } from '../clock';
import { Coalesced } from '../coalesced';
import { PushPullError } from '../errors';
import { Emitter, type Event } from '../event';
import type { SessionSendOptions } from '../pull/session';
import { WatchRunner, type WatchRunnerDeps } from './watch';
import { readWatches, writeWatches } from './watchFile';
import {
  EMPTY_WATCH_STATE,
  MAX_WATCHES,
  MIN_WATCH_EVERY_MS,
  type Watch,
  type WatchChange,
  type WatchRequest,
} from './watchTypes';

export interface WatchesDeps<O extends SessionSendOptions> extends Omit<WatchRunnerDeps<O>, 'onDidPoll'> {
  /** The watches file (`watches.json` of the store folder). */
  readonly file: string;
  readonly logger: Logger;
  /** Every watch read from the file starts stopped (the CLI runs only the watch it was asked for). */
  readonly startStopped?: boolean;
  /** Ms the file's write waits for more polls to go with it. Default 2 s. */
  readonly saveDelayMs?: number;
}

export interface WatchEvent {
  /** The watch as it is now; undefined state when it was deleted. */
  readonly id: string;
  readonly watch: Watch | undefined;
  readonly change?: WatchChange;
}

/** Problems with a watch asked for: stable codes the UI and CLI word. */
export class WatchError extends PushPullError {
  constructor(code: 'WATCH_NOT_FOUND' | 'WATCH_BAD_INTERVAL' | 'WATCH_TOO_MANY', message: string) {
    super(code, message);
  }
}

/**
 * The watches of one store: each polls on its own timer; definitions and state are written to the watches file
 * (coalesced: one write for a burst of polls) and read back at open, so watches survive a reload and resume.
 */
export class Watches<O extends SessionSendOptions> {
  private readonly runners = new Map<string, WatchRunner<O>>();
  private readonly emitter = new Emitter<WatchEvent>();
  private readonly save: Coalesced;
  private writing: Promise<void> = Promise.resolve();
  private disposed = false;

  readonly onDidChange: Event<WatchEvent> = this.emitter.event;

  private constructor(private readonly deps: WatchesDeps<O>) {
    this.save = new Coalesced(deps.saveDelayMs ?? 2000, () => void this.flush(), deps.timers);
  }

  static async open<O extends SessionSendOptions>(deps: WatchesDeps<O>): Promise<Watches<O>> {
    const watches = new Watches(deps);
    for (const { definition, state } of await readWatches(deps.file)) {
      watches.start(definition, deps.startStopped ? { ...state, running: false } : state);
    }
    return watches;
  }

  /** Every watch, in the order they were added. */
  list(): Watch[] {
    return [...this.runners.values()].map((runner) => runner.watch);
  }

  get(id: string): Watch | undefined {
    return this.runners.get(id)?.watch;
  }

  /** Starts a new watch: its first poll goes out at once. */
  add(name: string, request: WatchRequest, everyMs: number): Watch {
    if (!Number.isSafeInteger(everyMs) || everyMs < MIN_WATCH_EVERY_MS) {
      throw new WatchError('WATCH_BAD_INTERVAL', `A watch polls at most once a second, not every ${everyMs} ms.`);
    }
    if (this.runners.size >= MAX_WATCHES) {
      throw new WatchError('WATCH_TOO_MANY', `A store keeps at most ${MAX_WATCHES} watches: delete one first.`);
    }
    let id = randomBytes(4).toString('hex');
    while (this.runners.has(id)) id = randomBytes(4).toString('hex');
    const runner = this.start({ id, name, request, everyMs }, EMPTY_WATCH_STATE);
    this.changed(runner.watch, undefined);
    return runner.watch;
  }

  stop(id: string): void {
    this.runner(id).stop();
  }

  resume(id: string): void {
    this.runner(id).resume();
  }

  /** Polls at once (the next poll follows the interval after it); resolves once the poll is kept. */
  pollNow(id: string): Promise<void> {
    return this.runner(id).pollNow();
  }

  /** Stops and forgets the watch; the exchanges it kept stay in the history. */
  delete(id: string): void {
    const runner = this.runner(id);
    runner.dispose();
    this.runners.delete(id);
    this.emitter.fire({ id, watch: undefined });
    this.save.schedule();
  }

  /** Writes the watches file now (the coalesced write waits otherwise). */
  flush(): Promise<void> {
    this.save.cancel();
    const watches = this.list();
    this.writing = this.writing
      .then(() => writeWatches(this.deps.file, watches))
      .catch((error: unknown) => {
        this.deps.logger.error(`Watches: could not write ${this.deps.file}: ${String(error)}`);
      });
    return this.writing;
  }

  /** Stops every timer, waits for polls on their way, writes the file. */
  async dispose(): Promise<void> {
    if (this.disposed) return this.writing;
    this.disposed = true;
    for (const runner of this.runners.values()) runner.dispose();
    await Promise.all([...this.runners.values()].map((runner) => runner.settled()));
    this.emitter.dispose();
    await this.flush();
    this.save.dispose();
  }

  private start(definition: Watch['definition'], state: Watch['state']): WatchRunner<O> {
    const runner = new WatchRunner<O>(definition, state, {
      ...this.deps,
      onDidPoll: (watch, change) => this.changed(watch, change),
    });
    this.runners.set(definition.id, runner);
    return runner;
  }

  private runner(id: string): WatchRunner<O> {
    const runner = this.runners.get(id);
    if (!runner) throw new WatchError('WATCH_NOT_FOUND', `There is no watch ${id}.`);
    return runner;
  }

  private changed(watch: Watch, change: WatchChange | undefined): void {
    if (this.disposed) return;
    this.emitter.fire({ id: watch.definition.id, watch, ...(change ? { change } : {}) });
    this.save.schedule();
  }
}
