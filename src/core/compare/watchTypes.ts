/**
 * A watch: a request polled every N seconds, each poll kept as an exchange of the request history (source
 * `watch`, its name ending in `(watch ID)`), its body kept only when it changed, and a log of the changes.
 */

/** The request a watch sends: what a panel draft, a `.http` request or a URL and headers come to. */
export interface WatchRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** A text body (UTF-8), if any. */
  readonly body?: string;
}

export interface WatchDefinition {
  /** Short, unique among the watches of one store: letters, digits and dashes. */
  readonly id: string;
  /** What lists show: the `.http` request's name, or the method and URL. */
  readonly name: string;
  readonly request: WatchRequest;
  /** Ms between the end of one poll and the start of the next. */
  readonly everyMs: number;
}

/** One poll whose body differed from the poll before it (the first poll counts as a change). */
export interface WatchChange {
  /** The exchange in the request history that holds this body. */
  readonly exchangeId: string;
  /** ms since the epoch when the poll was sent. */
  readonly at: number;
  readonly status: number;
  /** Response body bytes as they came over the wire. */
  readonly bytes: number;
  /** Lowercase hex sha256 of the decoded body. */
  readonly sha256: string;
}

/** What a watch has done so far; survives a reload. */
export interface WatchState {
  readonly running: boolean;
  readonly polls: number;
  /** Polls whose answer was a 304 or the same body as the poll before. */
  readonly pollsWithoutChange: number;
  /** Response body bytes received by every poll (over the wire). */
  readonly bytesPulled: number;
  /** Polls that got no answer (connection refused, timeout…). */
  readonly failures: number;
  /** The last failure's code and sentence, cleared by the next answer. */
  readonly lastError?: string;
  /** ms since the epoch of the last poll. */
  readonly lastPollAt?: number;
  /** Validators the server gave, sent back as If-None-Match / If-Modified-Since. */
  readonly etag?: string;
  readonly lastModified?: string;
  /** The newest changes, oldest first (at most `MAX_CHANGES_KEPT`; counters keep counting past it). */
  readonly changes: readonly WatchChange[];
}

export interface Watch {
  readonly definition: WatchDefinition;
  readonly state: WatchState;
}

/** The most changes a watch keeps in its log (the oldest go first). */
export const MAX_CHANGES_KEPT = 200;
/** The fewest ms between polls a watch accepts. */
export const MIN_WATCH_EVERY_MS = 1000;
/** The most watches one store keeps. */
export const MAX_WATCHES = 200;

export const EMPTY_WATCH_STATE: WatchState = {
  running: true,
  polls: 0,
  pollsWithoutChange: 0,
  bytesPulled: 0,
  failures: 0,
  changes: [],
};

/** The name an exchange of a watch is kept under: the watch's name and its id, so a list can tell them apart. */
export function watchExchangeName(definition: WatchDefinition): string {
  return `${definition.name} (watch ${definition.id})`;
}

const WATCH_NAME = /\(watch ([A-Za-z0-9-]{1,40})\)$/;

/** The watch id in an exchange's name, if it was kept by a watch. */
export function watchIdOfName(name: string | undefined): string | undefined {
  return name === undefined ? undefined : WATCH_NAME.exec(name)?.[1];
}

/** Headers a watch never writes to its file (they come back from the panel, the `.http` file or the command line). */
export const UNSAVED_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie']);
