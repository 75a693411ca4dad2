import type { Event } from '../event';
import type { HookMeta } from '../model/hook';
import type { HookStore } from '../model/hookStore';

/**
 * Read access to the stored hooks. Every call waits until they are loaded, so a caller that asks early sees
 * what is stored, never an empty store that has not been read yet.
 */
export interface HookReader {
  /** Every stored hook, newest first. */
  list(): Promise<readonly HookMeta[]>;
  /** The newest `limit` hooks, newest first. */
  newest(limit: number): Promise<HookMeta[]>;
  get(id: string): Promise<HookMeta | undefined>;
  /** The exact body bytes, or undefined when the hook is no longer stored. */
  readBody(id: string): Promise<Uint8Array | undefined>;
  /** How many hooks are stored. */
  size(): Promise<number>;
  /** Hooks arrived, were forwarded, pinned, deleted or cleared, or the store was read again. */
  readonly onDidChange: Event<void>;
}

/** What a HookReader reads: the store shown now, and a wait until it is loaded. */
export interface ShownStore {
  readonly store: HookStore;
  ready(): Promise<void>;
}

/** A HookReader over the store a window shows, which loads it first when nothing has yet. */
export class ReadyReader implements HookReader {
  constructor(
    private readonly shown: ShownStore,
    readonly onDidChange: Event<void>,
  ) {}

  async list(): Promise<readonly HookMeta[]> {
    return (await this.loaded()).list();
  }

  async newest(limit: number): Promise<HookMeta[]> {
    return (await this.loaded()).newest(limit);
  }

  async get(id: string): Promise<HookMeta | undefined> {
    return (await this.loaded()).get(id);
  }

  async readBody(id: string): Promise<Uint8Array | undefined> {
    return (await this.loaded()).readBody(id);
  }

  async size(): Promise<number> {
    return (await this.loaded()).size;
  }

  private async loaded(): Promise<HookStore> {
    await this.shown.ready();
    return this.shown.store;
  }
}
