import * as path from 'node:path';
import type {
  BodyRef,
  ExchangeTimings,
  OutgoingRequest,
  PulledExchange,
  PulledResponse,
  RedirectHop,
  SentBody,
} from '../../model/pulled';
import { encodeRecord, type EncodedRecord } from '../journal/record';
import { readStoredBody } from '../journal/readBody';
import { boundedText, boundedUrl, type HistoryEntry, type SummaryFields } from './entry';
import { HistoryExchangeError } from './errors';

/** The record type of an exchange in the history's journal (a hook store's types are 1–6). */
export const TYPE_EXCHANGE = 16;

/** Where a body is kept: nowhere, in the record's body section after the details, or in a file of `bodies/`. */
export type StoredBody =
  | { readonly k: 'none' }
  | { readonly k: 'in'; readonly at: number; readonly len: number }
  | { readonly k: 'file'; readonly f: string; readonly size: number };

/** Everything of an exchange but its summary, as JSON at the start of the record's body. */
export interface Details {
  readonly name?: string;
  readonly request: Omit<OutgoingRequest, 'body'> & { readonly body: StoredBody };
  readonly response: Omit<PulledResponse, 'raw' | 'decoded'> & {
    readonly raw: StoredBody;
    /** 'raw' when the decoded body is the raw one (not encoded). */
    readonly decoded: StoredBody | 'raw';
  };
}

export interface PlacedBodies {
  readonly request: StoredBody;
  readonly raw: StoredBody;
  readonly decoded: StoredBody | 'raw';
  /** Bodies kept in the record, in the order of their `at`. */
  readonly inline: readonly Uint8Array[];
  readonly files: number;
  readonly bytes: number;
  readonly decodedSize: number;
}

/** The record of a masked exchange whose bodies are placed; the meta is the summary, bounded. */
export function encodeExchange(
  exchange: PulledExchange,
  seq: number,
  horizon: number,
  bodies: PlacedBodies,
): { readonly record: EncodedRecord; readonly meta: string } {
  const { request, response } = exchange;
  const details: Details = {
    ...(exchange.name === undefined ? {} : { name: exchange.name }),
    request: { method: request.method, url: request.url, headers: request.headers, body: bodies.request },
    response: { ...withoutBodies(response), raw: bodies.raw, decoded: bodies.decoded },
  };
  const detailsBytes = Buffer.from(JSON.stringify(details));
  const contentType = headerValue(response.headers, 'content-type');
  const fields: SummaryFields = {
    id: exchange.id,
    seq,
    at: exchange.startedAt,
    src: exchange.source,
    ...(exchange.name === undefined ? {} : { name: boundedText(exchange.name) }),
    m: boundedText(request.method),
    url: boundedUrl(request.url),
    host: boundedText(hostOf(request.url)),
    st: response.status,
    ms: response.timings.total,
    size: bodies.decodedSize,
    ...(contentType === undefined ? {} : { ct: boundedText(contentType) }),
    bytes: bodies.bytes,
    files: bodies.files,
    dl: detailsBytes.length,
    h: horizon,
  };
  const meta = JSON.stringify(fields);
  return { record: encodeRecord(TYPE_EXCHANGE, meta, '', '', [detailsBytes, ...bodies.inline]), meta };
}

function withoutBodies(response: PulledResponse): Omit<PulledResponse, 'raw' | 'decoded'> {
  const rest: { -readonly [K in keyof PulledResponse]?: PulledResponse[K] } = { ...response };
  delete rest.raw;
  delete rest.decoded;
  return rest as Omit<PulledResponse, 'raw' | 'decoded'>;
}

/** The exchange of `entry` as kept, read from its record (STORE_CORRUPT when the record fails its checksum). */
export async function readExchange(
  dirs: { readonly journal: string; readonly bodies: string },
  entry: HistoryEntry,
): Promise<PulledExchange | undefined> {
  const body = await readStoredBody(dirs.journal, entry);
  if (!body) return undefined;
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return decodeExchange(entry, bytes, entry.detailsLength, dirs.bodies);
}

/** The exchange as kept, from its summary fields and the details and inline bodies of its record. */
export function decodeExchange(
  summary: { readonly id: string; readonly startedAt: number; readonly source: PulledExchange['source'] },
  body: Buffer,
  detailsLength: number,
  bodiesDir: string,
): PulledExchange {
  const details = JSON.parse(body.toString('utf8', 0, detailsLength)) as Details;
  const inline = body.subarray(detailsLength);
  const raw = bodyRefOf(details.response.raw, inline, bodiesDir);
  const response: PulledResponse = {
    ...details.response,
    timings: details.response.timings as ExchangeTimings,
    redirects: details.response.redirects as RedirectHop[],
    raw,
    decoded: details.response.decoded === 'raw' ? raw : bodyRefOf(details.response.decoded, inline, bodiesDir),
  };
  const request: OutgoingRequest = { ...details.request, body: sentBodyOf(details.request.body, inline, bodiesDir) };
  return {
    id: summary.id,
    startedAt: summary.startedAt,
    source: summary.source,
    ...(details.name === undefined ? {} : { name: details.name }),
    request,
    response,
  };
}

export function bodyRefOf(stored: StoredBody, inline: Buffer, bodiesDir: string): BodyRef {
  if (stored.k === 'file') return { kind: 'file', path: path.join(bodiesDir, stored.f), size: stored.size };
  if (stored.k === 'in') return { kind: 'memory', bytes: inline.subarray(stored.at, stored.at + stored.len) };
  return { kind: 'memory', bytes: new Uint8Array(0) };
}

function sentBodyOf(stored: StoredBody, inline: Buffer, bodiesDir: string): SentBody {
  if (stored.k === 'none') return { kind: 'none' };
  if (stored.k === 'file') return { kind: 'file', path: path.join(bodiesDir, stored.f), size: stored.size };
  return { kind: 'bytes', bytes: inline.subarray(stored.at, stored.at + stored.len) };
}

function headerValue(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  for (const [key, value] of headers) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** An exchange id names its body files: letters, digits, `.`, `_` and `-`, up to 128. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** `id` when it can name files and is not taken (HISTORY_BAD_EXCHANGE otherwise). */
export function checkedId(id: unknown, taken: (id: string) => boolean): string {
  if (typeof id !== 'string' || !SAFE_ID.test(id)) {
    const shown = JSON.stringify(String(id).slice(0, 80));
    throw new HistoryExchangeError(`An exchange id must be letters, digits, '.', '_' or '-', not ${shown}.`);
  }
  if (taken(id)) throw new HistoryExchangeError(`The history already has an exchange ${id}.`);
  return id;
}

/** The host (and port) of an absolute URL, or '' when it has none. */
export function hostOf(url: string): string {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(url);
  if (!match) return '';
  const authority = match[1] as string;
  return authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
}
