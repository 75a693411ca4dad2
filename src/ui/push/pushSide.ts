import { type FSWatcher, watch } from 'node:fs';
import type { Clock, Logger } from '../../core/clock';
import { Emitter } from '../../core/event';
import { BackgroundInspector } from '../../core/hooks/query/backgroundInspector';
import type { HookMeta } from '../../core/model/hook';
import { HookListener, type ListenerOptions, type ListeningAddress } from '../../core/hooks/listener';
import { makePrivateDir } from '../../core/privateFiles';
import type { Refusals } from '../../core/hooks/senderGuard';
import { DurableHookStore, StoreNotFoundError, type RetentionLimits } from '../../core/store/durable';
import type { HookStore } from '../../core/model/hookStore';
import { MemoryHookStore } from '../../core/store/memoryHookStore';
import { Coalesced } from '../coalesced';

/** Least time between two reads of the store by a window that is not listening while another one adds to it. */
const RELOAD_MS = 1000;

/**
 * The push side of one window: the hook store on disk and, while listening, the listener writing it.
 * The store is opened for writing (and locked against other windows) only while this window listens;
 * otherwise it is read as a snapshot, so any window may be the one that listens.
 */
export class PushSide {
  private current: HookStore = new MemoryHookStore(0);
  private writer: DurableHookStore | undefined;
  private listener: HookListener | undefined;
  private inspector: BackgroundInspector | undefined;
  private loading: Promise<void> | undefined;
  private disposed = false;
  /** Start, stop and clear run one at a time, in the order they were asked for. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly changed = new Emitter<void>();
  /** Hooks arrived, were forwarded, cleared, or the store was reopened. */
  readonly onDidChange = this.changed.event;
  /** While another window may be writing: watches the store folder, to read it again when it changes. */
  private watcher: FSWatcher | undefined;
  private readonly reload = new Coalesced(RELOAD_MS, () => void this.serially(() => this.reloadSnapshot()));
  private lastLoadMs = 0;
  private readonly received = new Emitter<HookMeta>();
  /** A hook was received, stored and answered. */
  readonly onDidReceive = this.received.event;
  private readonly refused = new Emitter<void>();
  /** The listener refused a request or connection over a limit on senders (see `refusals`). */
  readonly onDidRefuse = this.refused.event;

  constructor(
    readonly location: string,
    private readonly owner: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Retention from the settings, read whenever the store is opened for writing. */
    private readonly retention: () => RetentionLimits,
  ) {}

  get store(): HookStore {
    return this.current;
  }

  get address(): ListeningAddress | undefined {
    return this.listener?.address;
  }

  /** What the listener refused since it started; undefined while not listening. */
  get refusals(): Refusals | undefined {
    return this.listener?.refusals;
  }

  /** Loads the stored hooks for display the first time they are needed. */
  ready(): Promise<void> {
    this.loading ??= this.openSnapshot();
    return this.loading;
  }

  /**
   * Opens the store for writing (STORE_LOCKED when another window listens) and starts listening with what
   * `prepare` reads, in turn with stops and settings changes asked for meanwhile.
   */
  start(prepare: () => Promise<ListenerOptions>): Promise<ListeningAddress> {
    return this.serially(async () => this.startNow(await prepare()));
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
    return this.serially(async () => {
      const { listener, writer } = this;
      if (!listener || !writer) return undefined;
      const { options, retention } = await prepare();
      writer.setRetention(retention);
      try {
        return await listener.start(options);
      } catch (error) {
        if (!listener.address) await this.stopNow();
        throw error;
      }
    });
  }

  /** Stops listening and releases the store to other windows, keeping its hooks on screen. */
  stop(): Promise<void> {
    return this.serially(() => this.stopNow());
  }

  /** Deletes every stored hook from disk. */
  clear(): Promise<void> {
    return this.serially(() => this.clearNow());
  }

  /** Pins or unpins hooks (pinned ones survive retention), also while not listening. */
  setPinned(ids: readonly string[], pinned: boolean): Promise<void> {
    return this.serially(() => this.write((store) => store.setPinned(ids, pinned)));
  }

  /** Deletes hooks from disk, also while not listening. */
  delete(ids: readonly string[]): Promise<void> {
    return this.serially(() => this.write((store) => store.delete(ids)));
  }

  /** Runs a change on the writer, or, while not listening, on the store opened for writing just for it. */
  private async write(change: (store: HookStore) => Promise<void>): Promise<void> {
    if (this.writer) await change(this.writer);
    else {
      const store = await DurableHookStore.open(this.location, {
        ...this.retention(),
        logger: this.logger,
        owner: this.owner,
      });
      try {
        await change(store);
      } finally {
        await store.close();
      }
      this.loading = this.openSnapshot();
      await this.loading;
    }
    this.changed.fire();
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const next = this.queue.then(operation, operation);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async startNow(options: ListenerOptions): Promise<ListeningAddress> {
    await this.stopNow();
    const writer = await DurableHookStore.open(this.location, {
      ...this.retention(),
      logger: this.logger,
      owner: this.owner,
    });
    const listener = new HookListener(writer, this.clock, this.logger);
    try {
      const address = await listener.start(options);
      this.unwatch();
      this.writer = writer;
      this.listener = listener;
      const inspector = new BackgroundInspector(writer, this.logger);
      this.inspector = inspector;
      // The writer holds every stored hook: no snapshot needs to be read while it is open.
      this.loading = Promise.resolve();
      await this.replace(writer);
      listener.onDidReceive((hook) => {
        inspector.add(hook);
        this.received.fire(hook);
        this.changed.fire();
      });
      listener.onDidForward(() => this.changed.fire());
      listener.onDidRefuse(() => this.refused.fire());
      return address;
    } catch (error) {
      listener.dispose();
      await writer.close();
      throw error;
    }
  }

  private async stopNow(): Promise<void> {
    const { listener, writer, inspector } = this;
    if (!listener || !writer) return;
    this.listener = undefined;
    this.writer = undefined;
    this.inspector = undefined;
    await listener.stop();
    listener.dispose();
    await inspector?.dispose();
    await writer.close();
    this.loading = this.openSnapshot();
    await this.loading;
  }

  private async clearNow(): Promise<void> {
    if (this.writer) await this.writer.clear();
    else {
      const store = await DurableHookStore.open(this.location, {
        ...this.retention(),
        logger: this.logger,
        owner: this.owner,
      });
      try {
        await store.clear();
      } catch (error) {
        // Part of the store may be gone: what is shown is read again.
        await store.close();
        this.loading = this.openSnapshot();
        await this.loading;
        throw error;
      }
      await store.close();
      await this.replace(new MemoryHookStore(0));
    }
    this.changed.fire();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.unwatch();
    await this.stop();
    await this.replace(new MemoryHookStore(0));
    this.changed.dispose();
    this.received.dispose();
    this.refused.dispose();
  }

  /**
   * Not listening, the hooks shown are a snapshot; another window may be listening and adding to the store.
   * Changes to its folder read it again, at most once per RELOAD_MS.
   */
  private watchSnapshot(): void {
    if (this.watcher || this.writer) return;
    try {
      this.watcher = watch(this.location, () => {
        // A large store takes a while to read: it is read again no more than a fifth of the time.
        this.reload.schedule(Math.max(RELOAD_MS, 4 * this.lastLoadMs));
      });
      this.watcher.on('error', () => this.unwatch());
    } catch (error) {
      this.logger.warn(`Hooks added by another window appear after a restart: ${String(error)}`);
    }
  }

  private unwatch(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.reload.cancel();
  }

  private async reloadSnapshot(): Promise<void> {
    if (this.writer || !this.watcher) return;
    const started = performance.now();
    this.loading = this.openSnapshot();
    await this.loading;
    this.lastLoadMs = performance.now() - started;
  }

  private async openSnapshot(): Promise<void> {
    if (this.writer) return;
    let snapshot: HookStore;
    try {
      await makePrivateDir(this.location);
      snapshot = await DurableHookStore.openReadOnly(this.location, { logger: this.logger });
    } catch (error) {
      if (!(error instanceof StoreNotFoundError)) this.logger.error(`Could not read the hook store: ${String(error)}`);
      snapshot = new MemoryHookStore(0);
    }
    // Listening started while the snapshot was read: the writer is the store to show.
    if (this.writer) {
      if (snapshot instanceof DurableHookStore) await snapshot.close();
      return;
    }
    await this.replace(snapshot);
    if (!this.disposed) this.watchSnapshot();
  }

  private async replace(store: HookStore): Promise<void> {
    const old = this.current;
    this.current = store;
    this.changed.fire();
    if (old !== store && old instanceof DurableHookStore && old !== this.writer) await old.close();
  }
}
