import type { BodyRef, ExchangeSource, PulledExchange } from './pulled';

/** What a list of exchanges shows of each, kept in memory for every exchange in the history. */
export interface ExchangeSummary {
  readonly id: string;
  readonly startedAt: number;
  readonly source: ExchangeSource;
  readonly name?: string;
  readonly method: string;
  /** Without userinfo; query kept. */
  readonly url: string;
  readonly host: string;
  readonly status: number;
  readonly totalMs: number;
  /** Bytes of the decoded response body. */
  readonly size: number;
  readonly contentType?: string;
  readonly pinned: boolean;
}

/** Retention: the oldest unpinned exchanges go once either limit is passed; the newest is always kept. */
export interface HistoryLimits {
  readonly maxExchanges: number;
  readonly maxBytes: number;
}

export interface HistoryAddOptions {
  /**
   * Header names (lower case) whose values are kept as `•••` besides Authorization, Cookie, Set-Cookie and
   * Proxy-Authorization; values the user marked secret are masked wherever they appear in headers and URL.
   */
  readonly secretValues?: readonly string[];
  /** When false, nothing is masked (the user turned masking off). Default true. */
  readonly mask?: boolean;
}

/**
 * The durable history of sent requests and their responses (`pushpull.history`). `add` resolves once the exchange
 * is on disk; response bodies in files are moved into the history's own folder. Survives reloads and crashes.
 */
export interface ExchangeHistory {
  add(exchange: PulledExchange, options?: HistoryAddOptions): Promise<ExchangeSummary>;
  /** Every kept exchange, newest first. */
  list(): readonly ExchangeSummary[];
  newest(limit: number): ExchangeSummary[];
  summary(id: string): ExchangeSummary | undefined;
  /** The whole exchange as kept (masked), bodies as references into the history's folder. */
  get(id: string): Promise<PulledExchange | undefined>;
  /** Up to `limit` bytes (all when omitted) of the decoded (default) or raw response body. */
  readBody(id: string, which?: 'decoded' | 'raw', limit?: number): Promise<Uint8Array | undefined>;
  /** Where the decoded body is, to stream or open it without reading it here. */
  bodyRef(id: string, which?: 'decoded' | 'raw'): Promise<BodyRef | undefined>;
  setPinned(ids: readonly string[], pinned: boolean): Promise<void>;
  delete(ids: readonly string[]): Promise<void>;
  clear(): Promise<void>;
  setLimits(limits: HistoryLimits): Promise<void>;
  readonly size: { readonly exchanges: number; readonly bytes: number };
  /** Fires after exchanges were added, pinned, deleted or dropped by retention. */
  /** (The shape of core/event's `Event<void>`, spelled out: the model imports nothing from the floors above.) */
  readonly onDidChange: (listener: (value: void) => void) => { dispose(): void };
  /** Writes what is pending and releases the folder. */
  dispose(): Promise<void>;
}
