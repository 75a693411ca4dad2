import type { ForwardResult } from '../../hooks/capture';
import type { BodyInsight } from '../../hooks/inspect';
import type { Arrival } from '../../model/arrival';
import { originOf } from '../../model/url';
import { crc32 } from './crc32';

/**
 * One record of a segment file, little-endian:
 *
 *   0  magic "PPH1"          20  bodyLen  u32
 *   4  type u8, 3 reserved   24  bodyCrc  u32  CRC-32 of the body bytes
 *   8  metaLen   u32         28  headCrc  u32  CRC-32 of meta + names + values
 *  12  namesLen  u32         32  hdrCrc   u32  CRC-32 of bytes 0..31
 *  16  valuesLen u32
 *  36  meta (JSON) · header names (JSON array) · header values (JSON array) · body (raw bytes)
 *
 * Header names and values are kept apart so the index can share one copy of each distinct name list
 * and decode values only when asked. The body is never escaped or copied into another encoding.
 */
export const HEADER_SIZE = 36;
export const RECORD_MAGIC = Buffer.from('PPH1', 'latin1');
const MAGIC_U32 = RECORD_MAGIC.readUInt32LE(0);

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

const MAX_U32 = 0xffffffff;

export interface RecordHeader {
  readonly type: number;
  readonly metaLen: number;
  readonly namesLen: number;
  readonly valuesLen: number;
  readonly bodyLen: number;
  readonly bodyCrc: number;
  readonly headCrc: number;
}

/** Bytes after the fixed header up to the body: meta, names and values. */
export function headLength(h: RecordHeader): number {
  return h.metaLen + h.namesLen + h.valuesLen;
}

export function recordLength(h: RecordHeader): number {
  return HEADER_SIZE + h.metaLen + h.namesLen + h.valuesLen + h.bodyLen;
}

/** A record ready to append: `head` is the fixed header plus meta, names and values, then the body's chunks. */
export interface EncodedRecord {
  readonly head: Buffer;
  readonly bodyParts: readonly Uint8Array[];
  readonly length: number;
}

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
  const record = encode(TYPE_HOOK, JSON.stringify(fields), namesJson, valuesJson, body, digest?.crc32);
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
  return encode(TYPE_INSIGHT, JSON.stringify({ id, flags: insight.flags, event: insight.event }), '', '', []);
}

export function encodeForward(id: string, forward: ForwardResult): EncodedRecord {
  return encode(TYPE_FORWARD, JSON.stringify({ id, forward }), '', '', []);
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
  return encode(type, JSON.stringify(meta), '', '', []);
}

function encode(
  type: number,
  meta: string,
  names: string,
  values: string,
  body: readonly Uint8Array[],
  knownCrc?: number,
): EncodedRecord {
  const metaLen = Buffer.byteLength(meta);
  const namesLen = Buffer.byteLength(names);
  const valuesLen = Buffer.byteLength(values);
  let bodyLen = 0;
  for (const part of body) bodyLen += part.length;
  // The listener may have worked out the CRC beside the body's sha256 already.
  const bodyCrc = knownCrc ?? body.reduce((crc, part) => crc32(part, crc), 0);
  if (bodyLen > MAX_U32 || metaLen + namesLen + valuesLen > MAX_U32) {
    throw new RangeError(`A hook of ${bodyLen} bytes is too large for the store (4 GiB at most).`);
  }
  const head = Buffer.allocUnsafe(HEADER_SIZE + metaLen + namesLen + valuesLen);
  head.writeUInt32LE(MAGIC_U32, 0);
  head.writeUInt32LE(type, 4); // type in byte 4, reserved bytes 5..7 zero
  head.writeUInt32LE(metaLen, 8);
  head.writeUInt32LE(namesLen, 12);
  head.writeUInt32LE(valuesLen, 16);
  head.writeUInt32LE(bodyLen, 20);
  head.writeUInt32LE(bodyCrc, 24);
  let at = HEADER_SIZE;
  at += head.write(meta, at, 'utf8');
  at += head.write(names, at, 'utf8');
  head.write(values, at, 'utf8');
  head.writeUInt32LE(crc32(head.subarray(HEADER_SIZE)), 28);
  head.writeUInt32LE(crc32(head.subarray(0, 32)), 32);
  return { head, bodyParts: body, length: head.length + bodyLen };
}

/** The fixed header at `at`, or why it is not one. Lengths are trustworthy only when this succeeds. */
export function decodeHeader(buf: Buffer, at: number): RecordHeader | 'magic' | 'checksum' {
  if (buf.readUInt32LE(at) !== MAGIC_U32) return 'magic';
  if (crc32(buf.subarray(at, at + 32)) !== buf.readUInt32LE(at + 32)) return 'checksum';
  return {
    type: buf[at + 4] as number,
    metaLen: buf.readUInt32LE(at + 8),
    namesLen: buf.readUInt32LE(at + 12),
    valuesLen: buf.readUInt32LE(at + 16),
    bodyLen: buf.readUInt32LE(at + 20),
    bodyCrc: buf.readUInt32LE(at + 24),
    headCrc: buf.readUInt32LE(at + 28),
  };
}
