import type { ExchangeSummary } from '../../model/history';
import type { ExchangeSource } from '../../model/pulled';
import { SUMMARY_TEXT_CHARS, SUMMARY_URL_CHARS } from './limits';

/** Which parts of an exchange have a file in `bodies/` (bits of `HistoryEntry.files`). */
export const FILE_REQUEST = 1;
export const FILE_RAW = 2;
export const FILE_DECODED = 4;

export const FILE_SUFFIXES: ReadonlyArray<readonly [number, string]> = [
  [FILE_REQUEST, 'req'],
  [FILE_RAW, 'raw'],
  [FILE_DECODED, 'res'],
];

/** The summary fields as a record's meta keeps them (short names: 100,000 of them are read at open). */
export interface SummaryFields {
  readonly id: string;
  readonly seq: number;
  readonly at: number;
  readonly src: ExchangeSource;
  readonly name?: string;
  readonly m: string;
  readonly url: string;
  readonly host: string;
  readonly st: number;
  readonly ms: number;
  readonly size: number;
  readonly ct?: string;
  /** Body bytes counted by retention (request, raw and decoded response when they differ). */
  readonly bytes: number;
  readonly files: number;
  /** Bytes of the details JSON at the start of the record's body. */
  readonly dl: number;
  /** The retention horizon when the record was written. */
  readonly h: number;
}

/**
 * One exchange as the index keeps it in memory: the summary a list shows, and where its record and files are.
 * Strings a sender chose are bounded (the record keeps them whole); repeated ones are shared through a pool.
 */
export class HistoryEntry implements ExchangeSummary {
  pinned = false;
  /** Set once the exchange is no longer kept (deleted, dropped, cleared); the index skips it from then on. */
  gone = false;

  constructor(
    readonly id: string,
    readonly seq: number,
    readonly startedAt: number,
    readonly source: ExchangeSource,
    readonly name: string | undefined,
    readonly method: string,
    readonly url: string,
    readonly host: string,
    readonly status: number,
    readonly totalMs: number,
    readonly size: number,
    readonly contentType: string | undefined,
    /** Body bytes counted by retention. */
    readonly bytes: number,
    /** Which body files it has (FILE_* bits). */
    readonly files: number,
    readonly segment: number,
    readonly offset: number,
    readonly detailsLength: number,
  ) {}
}

/** Interns the strings many exchanges repeat (methods, hosts, content types), up to a bound. */
export class StringPool {
  private readonly strings = new Map<string, string>();

  constructor(private readonly max = 20_000) {}

  intern(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    if (this.strings.size < this.max) this.strings.set(value, value);
    return value;
  }

  clear(): void {
    this.strings.clear();
  }
}

/** `text` cut to `max` characters, with an ellipsis when it was longer. */
export function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function boundedUrl(url: string): string {
  return bounded(url, SUMMARY_URL_CHARS);
}

export function boundedText(text: string): string {
  return bounded(text, SUMMARY_TEXT_CHARS);
}

/** The summary fields of a record's meta, or undefined when they are not what PushPull writes. */
export function entryOf(
  fields: Partial<SummaryFields>,
  segment: number,
  offset: number,
  pool: StringPool,
): HistoryEntry | undefined {
  const { id, seq, at, src, m, url, host, st, ms, size, bytes, files, dl } = fields;
  if (typeof id !== 'string' || typeof url !== 'string' || typeof m !== 'string' || typeof host !== 'string') {
    return undefined;
  }
  const numbers = [seq, at, st, ms, size, bytes, files, dl];
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
  return new HistoryEntry(
    id,
    seq as number,
    at as number,
    pool.intern(typeof src === 'string' ? src : 'panel') as ExchangeSource,
    typeof fields.name === 'string' ? boundedText(fields.name) : undefined,
    pool.intern(boundedText(m)),
    boundedUrl(url),
    pool.intern(boundedText(host)),
    st as number,
    ms as number,
    size as number,
    typeof fields.ct === 'string' ? pool.intern(boundedText(fields.ct)) : undefined,
    bytes as number,
    files as number,
    segment,
    offset,
    dl as number,
  );
}
