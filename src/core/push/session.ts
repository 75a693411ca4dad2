import type { Clock, Logger } from '../clock';
import type { Event } from '../event';
import type { CapturedHook, HookMeta, HookVerdict } from '../model/hook';
import type { ListenerOptions, ListeningAddress } from '../hooks/listener';
import type { Refusals } from '../hooks/senderGuard';
import type { RetentionLimits } from '../store/durable';
import type { HookStore } from '../model/hookStore';
import { PushEvents } from './events';
import { WriteFollower } from './follow';
import { Listening } from './lifecycle';
import { OperationQueue } from './queue';
import { type HookReader, ReadyReader } from './reader';
import { StoreMode } from './storeMode';
import type { HookForwarder } from '../hooks/forwarder';
import { RelayedError, type RelayedRequest } from '../hooks/relayed';

export interface PushSideOptions {
  /** The store's folder. */
  readonly location: string;
  /** Written into the store's lock while this side writes it, e.g. `VS Code window "api"`. */
  readonly owner: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Retention, read whenever the store is opened for writing. */
  readonly retention: () => RetentionLimits;
  /** Sends hooks to their route's `forwardTo` (`core/relay`'s `hookForwarder`). */
  readonly forwarder?: HookForwarder;
}

/**
 * The push session of one window (or of `pushpull listen`): the hook store on disk and, while listening, the
 * listener writing it. The store is opened for writing (and locked against other windows) only while this side
 * listens; otherwise it is read as a snapshot that follows what another window writes, so any window may be the
 * one that listens. Start, stop, clear, pin and delete run one at a time, in the order they were asked for.
 */
export class PushSide {
  readonly location: string;
  /** Read access that waits until the hooks are loaded: for anyone who does not follow `ready()` and `store`. */
  readonly reader: HookReader;
  /** Hooks arrived, were forwarded, pinned, deleted or cleared, or the store shown was replaced. */
  readonly onDidChange: Event<void>;
  /** A hook was received, stored and answered. */
  readonly onDidReceive: Event<HookMeta>;
  /** The listener refused a request or connection over a limit on senders (see `refusals`). */
  readonly onDidRefuse: Event<void>;
  private readonly queue = new OperationQueue();
  private readonly events = new PushEvents();
  private readonly shown: StoreMode;
  private readonly follower: WriteFollower;
  private listening: Listening | undefined;
  private disposed = false;

  constructor(private readonly options: PushSideOptions) {
    const { location, logger } = options;
    this.location = location;
    this.onDidChange = this.events.changed.event;
    this.onDidReceive = this.events.received.event;
    this.onDidRefuse = this.events.refused.event;
    this.shown = new StoreMode(
      options,
      () => this.events.changed.fire(),
      () => {
        if (!this.disposed) this.follower.start();
      },
    );
    this.follower = new WriteFollower(location, logger, this.queue, () =>
      this.shown.writer ? Promise.resolve() : this.shown.reload(),
    );
    this.reader = new ReadyReader(this.shown, this.onDidChange);
  }

  /** The hooks shown now: complete once `ready()` resolved (or while listening), empty before. */
  get store(): HookStore {
    return this.shown.store;
  }

  get address(): ListeningAddress | undefined {
    return this.listening?.address;
  }

  /** What the listener refused since it started; undefined while not listening. */
  get refusals(): Refusals | undefined {
    return this.listening?.refusals;
  }

  /**
   * Keeps a request a relay channel delivered, as the listener keeps what it receives (verdict, store, events,
   * forward). Only while listening: otherwise it fails with NOT_LISTENING and nothing is kept.
   */
  receiveRelayed(request: RelayedRequest): Promise<HookMeta> {
    if (!this.listening) {
      return Promise.reject(new RelayedError('NOT_LISTENING', 'The listener is stopped: relayed hooks are not kept.'));
    }
    return this.listening.receiveRelayed(request);
  }

  /** Loads the stored hooks for display the first time they are needed. */
  ready(): Promise<void> {
    return this.shown.ready();
  }

  /**
   * Opens the store for writing (STORE_LOCKED when another window listens) and starts listening with what
   * `prepare` reads, in turn with stops and settings changes asked for meanwhile.
   */
  start(prepare: () => Promise<Partial<ListenerOptions>>): Promise<ListeningAddress> {
    return this.queue.run(async () => this.startNow(await prepare()));
  }

  /**
   * New settings while listening, read by `prepare` in turn with starts and stops (so the newest settings are
   * the ones applied): retention applies to the open store, and the listener moves to the new options while
   * requests in progress finish. Not listening: nothing is read or done. Settings the listener cannot take (a
   * port in use) leave it running as it was; if it cannot go on at all, it stops and the store is released.
   */
  reconfigure(
    prepare: () => Promise<{ readonly options: ListenerOptions; readonly retention: RetentionLimits }>,
  ): Promise<ListeningAddress | undefined> {
    return this.queue.run(async () => {
      const { listening } = this;
      const writer = this.shown.writer;
      if (!listening || !writer) return undefined;
      const { options, retention } = await prepare();
      writer.setRetention(retention);
      try {
        return await listening.restart(options);
      } catch (error) {
        if (!listening.address) await this.stopNow();
        throw error;
      }
    });
  }

  /** Stops listening and releases the store to other windows, keeping its hooks on screen. */
  stop(): Promise<void> {
    return this.queue.run(() => this.stopNow());
  }

  /** Deletes every stored hook from disk. */
  clear(): Promise<void> {
    return this.queue.run(() => this.clearNow());
  }

  /** Pins or unpins hooks (pinned ones survive retention), also while not listening. */
  setPinned(ids: readonly string[], pinned: boolean): Promise<void> {
    return this.queue.run(() => this.write((store) => store.setPinned(ids, pinned)));
  }

  /** Keeps a verdict made again for a stored hook (Check Signature Again), also while not listening. */
  setVerdict(id: string, verdict: HookVerdict): Promise<void> {
    return this.queue.run(() => this.write((store) => store.setVerdict(id, verdict)));
  }

  /**
   * Stores deleted hooks again, as they were (same ids, verdicts and forward results), also while not listening:
   * Undo of a delete. Pinned ones are pinned again.
   */
  restore(hooks: readonly CapturedHook[]): Promise<void> {
    return this.queue.run(() =>
      this.write(async (store) => {
        for (const hook of hooks) await store.add({ ...hook, pinned: undefined });
        const pinned = hooks.filter((hook) => hook.pinned).map((hook) => hook.id);
        if (pinned.length > 0) await store.setPinned(pinned, true);
      }),
    );
  }

  /** Deletes hooks from disk, also while not listening. */
  delete(ids: readonly string[]): Promise<void> {
    return this.queue.run(() => this.write((store) => store.delete(ids)));
  }

  /** Stops listening, waits until what was answered is on disk, and releases the store. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.follower.stop();
    await this.queue.run(() => this.stopNow({ reload: false }));
    await this.shown.dispose();
    this.events.dispose();
  }

  /** Runs a change on the writer, or, while not listening, on the store opened for writing just for it. */
  private async write(change: (store: HookStore) => Promise<void>): Promise<void> {
    const { writer } = this.shown;
    if (writer) await change(writer);
    else {
      const store = await this.shown.open();
      try {
        await change(store);
      } finally {
        await store.close();
      }
      await this.shown.reload();
    }
    this.events.changed.fire();
  }

  private async startNow(options: Partial<ListenerOptions>): Promise<ListeningAddress> {
    await this.stopNow();
    const writer = await this.shown.open();
    const started = await Listening.start(writer, options, this.options).catch(async (error: unknown) => {
      await writer.close();
      throw error;
    });
    this.follower.stop();
    this.listening = started.listening;
    await this.shown.useWriter(writer);
    started.listening.report(this.events);
    return started.address;
  }

  /** Stops listening and closes the writer; then, unless the side is going away, shows a snapshot again. */
  private async stopNow({ reload = true } = {}): Promise<void> {
    const { listening } = this;
    if (!listening || !this.shown.writer) return;
    this.listening = undefined;
    const writer = this.shown.releaseWriter();
    await listening.stop();
    await writer?.close();
    if (reload) await this.shown.reload();
  }

  private async clearNow(): Promise<void> {
    const { writer } = this.shown;
    if (writer) await writer.clear();
    else {
      const store = await this.shown.open();
      try {
        await store.clear();
      } catch (error) {
        // Part of the store may be gone: what is shown is read again.
        await store.close();
        await this.shown.reload();
        throw error;
      }
      await store.close();
      await this.shown.showEmpty();
    }
    this.events.changed.fire();
  }
}
