import type { BodyInsight, ForwardResult, HookVerdict } from '../../model/hook';
import type { Arrival } from '../../model/arrival';
import { originOf } from '../../model/url';
import { type EncodedRecord, encodeRecord } from '../journal/record';

/**
 * The records a hook store writes, by their type byte (the framing, checksums and byte layout of a record
 * are the journal's: see journal/record.ts).
 */

/** A received hook: meta is the hook without `headers` and `body`. */
export const TYPE_HOOK = 1;
/** A forward result for an earlier hook: meta is `{ id, forward }`; no headers, no body. */
export const TYPE_FORWARD = 2;
/** Earlier hooks pinned or unpinned: meta is `{ ids, pinned, horizon? }`; no headers, no body. */
export const TYPE_PIN = 3;
/** Earlier hooks deleted: meta is `{ ids, horizon? }`; no headers, no body. */
export const TYPE_DELETE = 4;
/** Where retention had got to: meta is `{ horizon }`, written at close. */
export const TYPE_HORIZON = 5;
/**
 * What inspecting an earlier hook's large body found: meta is `{ id, flags, event? }`; no headers, no body.
 * Not counted as needed by the hook: should its segment go first, a reopened store inspects that body again.
 */
export const TYPE_INSIGHT = 6;

/**
 * A signature verdict made again for an earlier hook: meta is `{ id, verdict }`; no headers, no body. Not
 * counted as needed by the hook: should its segment go first, a reopened store shows the verdict of arrival.
 */
export const TYPE_VERDICT = 7;

export interface EncodedHook extends EncodedRecord {
  readonly fields: Record<string, unknown>;
  readonly namesJson: string;
  readonly valuesJson: string;
}

/** A hook record: the arrival's metadata without `headers` (and `body`), its header names and values, its body's parts. */
export function encodeHook(arrival: Arrival, names: NamesJson = new NamesJson()): EncodedHook {
  const { meta, parts: body, digest } = arrival;
  const { headers } = meta;
  // JSON.stringify leaves the undefined keys out.
  const fields = compactFields({ ...meta, body: undefined, headers: undefined });
  const namesJson = names.of(headers);
  const values: string[] = new Array<string>(headers.length);
  for (let i = 0; i < headers.length; i++) values[i] = (headers[i] as readonly [string, string])[1];
  const valuesJson = JSON.stringify(values);
  const record = encodeRecord(TYPE_HOOK, JSON.stringify(fields), namesJson, valuesJson, body, digest?.crc32);
  return { head: record.head, bodyParts: record.bodyParts, length: record.length, fields, namesJson, valuesJson };
}

/**
 * What is derived from the request target is not written (nor kept by the index): `path` and `query` are
 * worked out from `url` when read, and `fullUrl` is kept as the origin it adds to `url` whenever it is one.
 * A sender controls the target, so each of them would otherwise cost memory and disk in proportion to it.
 */
function compactFields(fields: Record<string, unknown>): Record<string, unknown> {
  fields.query = undefined;
  fields.path = undefined;
  const { fullUrl, url } = fields;
  const origin = typeof fullUrl === 'string' && typeof url === 'string' ? originOf(fullUrl, url) : undefined;
  if (origin !== undefined) {
    fields.fullUrl = undefined;
    fields.origin = origin;
  }
  return fields;
}

/** The JSON of a hook's header names, remembering the last list: a sender usually sends the same names every time. */
export class NamesJson {
  private last: { readonly names: readonly string[]; readonly json: string } = { names: [], json: '[]' };

  of(headers: ReadonlyArray<readonly [string, string]>): string {
    const last = this.last.names;
    let same = last.length === headers.length;
    for (let i = 0; same && i < headers.length; i++) same = last[i] === (headers[i] as readonly [string, string])[0];
    if (same) return this.last.json;
    const names = headers.map((pair) => pair[0]);
    this.last = { names, json: JSON.stringify(names) };
    return this.last.json;
  }
}

export function encodeInsight(id: string, insight: BodyInsight): EncodedRecord {
  return encodeRecord(TYPE_INSIGHT, JSON.stringify({ id, flags: insight.flags, event: insight.event }), '', '', []);
}

export function encodeVerdict(id: string, verdict: HookVerdict): EncodedRecord {
  return encodeRecord(TYPE_VERDICT, JSON.stringify({ id, verdict }), '', '', []);
}

export function encodeForward(id: string, forward: ForwardResult): EncodedRecord {
  return encodeRecord(TYPE_FORWARD, JSON.stringify({ id, forward }), '', '', []);
}

/**
 * Retention's horizon: the record position (segment, offset) of the last hook it dropped. Every unpinned
 * hook at or before it is gone; pinned hooks before it are kept.
 */
export type Horizon = readonly [segment: number, offset: number];

/** Negative, zero or positive as `a` comes before, at or after `b` in the log. */
export function compareHorizons(a: Horizon, b: Horizon): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** A record about earlier hooks (pin, delete, horizon), carrying the horizon as it was when it was made. */
export function encodeAnnotation(
  type: typeof TYPE_PIN | typeof TYPE_DELETE | typeof TYPE_HORIZON,
  meta: { readonly ids?: readonly string[]; readonly pinned?: boolean; readonly horizon?: Horizon },
): EncodedRecord {
  return encodeRecord(type, JSON.stringify(meta), '', '', []);
}
