import type { Logger } from '../clock';
import { makePrivateDir } from '../privateFiles';
import { DurableHookStore, StoreNotFoundError, type RetentionLimits } from '../store/durable';
import type { HookStore } from '../model/hookStore';
import { MemoryHookStore } from '../store/memoryHookStore';

/** Where the hook store is and who opens it. */
export interface StorePlace {
  readonly location: string;
  /** Written into the lock, so that another window or process can say who holds the store. */
  readonly owner: string;
  readonly logger: Logger;
  /** Read each time the store is opened for writing. */
  readonly retention: () => RetentionLimits;
}

/**
 * The store a window shows: the writer while it listens, otherwise a read-only snapshot of what is on disk,
 * so that any window may be the one that listens. The one place the store is opened.
 */
export class StoreMode {
  private current: HookStore = new MemoryHookStore(0);
  private writing: DurableHookStore | undefined;
  private loading: Promise<void> | undefined;
  private disposed = false;

  constructor(
    private readonly place: StorePlace,
    /** The store shown was replaced. */
    private readonly onReplaced: () => void,
    /** A snapshot is shown: from now on another window may be the one writing the store. */
    private readonly onSnapshot: () => void,
  ) {}

  get store(): HookStore {
    return this.current;
  }

  get writer(): DurableHookStore | undefined {
    return this.writing;
  }

  /** Loads the stored hooks the first time they are needed; later, resolves once the newest load is done. */
  ready(): Promise<void> {
    this.loading ??= this.loadSnapshot();
    return this.loading;
  }

  /** Opens the store for writing, with the retention in effect. Throws STORE_LOCKED while another process writes it. */
  open(): Promise<DurableHookStore> {
    const { location, retention, logger, owner } = this.place;
    return DurableHookStore.open(location, { ...retention(), logger, owner });
  }

  /** Shows `writer`, which holds every stored hook: no snapshot is read while it is open. */
  async useWriter(writer: DurableHookStore): Promise<void> {
    this.writing = writer;
    this.loading = Promise.resolve();
    await this.replace(writer);
  }

  /** Lets go of the writer, which stays on screen until `reload`; the caller closes it. */
  releaseWriter(): DurableHookStore | undefined {
    const writer = this.writing;
    this.writing = undefined;
    return writer;
  }

  /** Reads what is on disk again and shows it, unless a writer is shown by the time it is read. */
  reload(): Promise<void> {
    this.loading = this.loadSnapshot();
    return this.loading;
  }

  /** Shows no hooks (the store on disk was cleared). */
  showEmpty(): Promise<void> {
    return this.replace(new MemoryHookStore(0));
  }

  /** Shows no hooks and closes what was shown; a snapshot still being read is closed once it is. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.showEmpty();
  }

  private async loadSnapshot(): Promise<void> {
    if (this.writing) return;
    const { location, logger } = this.place;
    let snapshot: HookStore;
    try {
      await makePrivateDir(location);
      snapshot = await DurableHookStore.openReadOnly(location, { logger });
    } catch (error) {
      if (!(error instanceof StoreNotFoundError)) logger.error(`Could not read the hook store: ${String(error)}`);
      snapshot = new MemoryHookStore(0);
    }
    // Listening started while the snapshot was read: the writer is the store to show.
    if (this.writing || this.disposed) {
      if (snapshot instanceof DurableHookStore) await snapshot.close();
      return;
    }
    await this.replace(snapshot);
    this.onSnapshot();
  }

  private async replace(store: HookStore): Promise<void> {
    const old = this.current;
    this.current = store;
    this.onReplaced();
    if (old !== store && old instanceof DurableHookStore && old !== this.writing) await old.close();
  }
}
