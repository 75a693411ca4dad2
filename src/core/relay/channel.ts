import { EventSource } from 'eventsource';
import type { Logger, Timers } from '../clock';
import { errorCode } from '../errors';
import { Emitter } from '../event';
import type { RelayedRequest } from '../hooks/relayed';
import { withoutCredentials } from '../http/credentials';
import type { HookMeta } from '../model/hook';
import type { HookStore } from '../model/hookStore';
import { type ChannelPlace, readChannelEvent } from './channelEvent';
import { channelFetch } from './channelStream';

export type ChannelState = 'connecting' | 'open' | 'retrying' | 'closed';

export interface RelayChannelOptions {
  readonly place: ChannelPlace;
  /** Keeps a relayed request (the push session's `receiveRelayed`). */
  readonly deliver: (request: RelayedRequest) => Promise<HookMeta>;
  /** Relay keys of the newest stored hooks, read at each connect: what came before a restart is not kept again. */
  readonly storedKeys: () => Iterable<string>;
  readonly timers: Timers;
  readonly logger: Logger;
  /** Longest event read (a body of the listener's largest size, base64-encoded, with its headers). */
  readonly maxEventBytes: number;
  readonly userAgent: string;
  /** Node's `fetch` unless given. */
  readonly fetch?: typeof fetch;
}

/** Waits before connecting again: doubles from the first to the last, back to the first once a stream opens. */
export const RETRY_DELAYS_MS = { first: 1000, last: 30_000 };
/** Sent as the User-Agent: a gosmee server streams only to clients whose User-Agent names it. */
export const CHANNEL_USER_AGENT = 'PushPull (a smee and gosmee compatible client)';

/** The longest event read for a body limit: the body in base64 and room for its headers. */
export function maxEventBytesFor(maxBodyBytes: number): number {
  return Math.ceil((maxBodyBytes * 4) / 3) + 1024 * 1024;
}

/** Relay keys remembered in memory (the store is asked for older ones). */
const REMEMBERED_KEYS = 10_000;

/** The relay keys of the newest `limit` hooks of a store (a channel's `storedKeys`). */
export function relayKeysOf(store: Pick<HookStore, 'newest'>, limit = 1000): string[] {
  return store.newest(limit).flatMap((hook) => (hook.relay ? [hook.relay.key] : []));
}

/**
 * Reads a smee-compatible relay channel (smee.io, a self-hosted smee or gosmee server) over Server-Sent Events
 * and hands each event to the push session, one at a time in the order they came. A stream that drops or cannot
 * open is connected again after a wait that grows, and an event the relay sends again (after a reconnect, or one
 * kept from before a restart) is not kept twice: its relay key is known.
 */
export class RelayChannel {
  private source: EventSource | undefined;
  private cancelRetry: (() => void) | undefined;
  private delayMs = RETRY_DELAYS_MS.first;
  private lastEventId: string | undefined;
  /** Relay keys seen, oldest first; an entry is dropped again if its hook could not be kept. */
  private readonly seen = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private current: ChannelState = 'closed';
  private problem: string | undefined;
  private readonly changed = new Emitter<ChannelState>();
  private readonly delivered = new Emitter<HookMeta>();
  /** The channel connected, dropped, is waiting to connect again or was closed. */
  readonly onDidChangeState = this.changed.event;
  /** A hook came through the channel and was kept. */
  readonly onDidDeliver = this.delivered.event;
  /** The channel URL without credentials. */
  readonly channel: string;

  constructor(private readonly options: RelayChannelOptions) {
    this.channel = withoutCredentials(options.place.url);
  }

  get state(): ChannelState {
    return this.current;
  }

  /** Why the last connection failed or dropped, while it is not open. */
  get lastProblem(): string | undefined {
    return this.problem;
  }

  /** Connects; an open channel is left as it is. */
  start(): void {
    if (this.current !== 'closed') return;
    this.connect();
  }

  /** Disconnects and waits until the events already read are kept. */
  async close(): Promise<void> {
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    this.source?.close();
    this.source = undefined;
    this.setState('closed');
    await this.queue;
  }

  dispose(): void {
    void this.close().finally(() => {
      this.changed.dispose();
      this.delivered.dispose();
    });
  }

  private connect(): void {
    this.setState('connecting');
    for (const key of this.options.storedKeys()) if (!this.seen.has(key)) this.remember(key);
    const { maxEventBytes, userAgent } = this.options;
    const source = new EventSource(this.options.place.url, {
      fetch: channelFetch(maxEventBytes, { userAgent, lastEventId: () => this.lastEventId }, this.options.fetch),
    });
    this.source = source;
    const read = (type: string) => (event: MessageEvent) => {
      if (this.source === source) this.read(type, event);
    };
    source.addEventListener('ready', read('ready'));
    source.addEventListener('ping', read('ping'));
    source.addEventListener('message', read('message'));
    source.addEventListener('open', () => {
      if (this.source !== source) return;
      this.delayMs = RETRY_DELAYS_MS.first;
      this.problem = undefined;
      this.setState('open');
    });
    source.addEventListener('error', (event) => {
      if (this.source !== source) return;
      // The client would connect again on its own, at once and forever: PushPull waits longer each time.
      source.close();
      this.source = undefined;
      const status = event.code ? ` (HTTP ${event.code})` : '';
      this.problem = `${event.message ?? 'the stream ended'}${status}`;
      this.options.logger.warn(`Relay ${this.channel}: ${this.problem}; connecting again in ${this.delayMs / 1000} s`);
      this.retryLater();
    });
  }

  private retryLater(): void {
    this.setState('retrying');
    const wait = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, RETRY_DELAYS_MS.last);
    this.cancelRetry = this.options.timers.after(wait, () => {
      this.cancelRetry = undefined;
      if (this.current === 'retrying') this.connect();
    });
  }

  private read(type: string, event: MessageEvent): void {
    if (event.lastEventId) this.lastEventId = event.lastEventId;
    const message = readChannelEvent(type, String(event.data), this.options.place);
    if (message.kind === 'ignored') {
      this.options.logger.warn(`Relay ${this.channel}: ignored ${message.why}`);
      return;
    }
    if (message.kind !== 'hook') return;
    const { request } = message;
    const key = request.relay.key;
    if (this.seen.has(key)) return;
    this.remember(key);
    this.queue = this.queue.then(() => this.keep(request));
  }

  private async keep(request: RelayedRequest): Promise<void> {
    try {
      this.delivered.fire(await this.options.deliver(request));
    } catch (error) {
      // Not kept: the same event sent again is welcome.
      this.seen.delete(request.relay.key);
      const code = errorCode(error);
      this.options.logger.error(
        `Relay ${this.channel}: a hook could not be kept${code ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private remember(key: string): void {
    this.seen.add(key);
    if (this.seen.size > REMEMBERED_KEYS) {
      const oldest = this.seen.values().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
  }

  private setState(state: ChannelState): void {
    if (this.current === state) return;
    this.current = state;
    this.changed.fire(state);
  }
}
