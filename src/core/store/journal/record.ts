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
 *
 * The journal frames and checks records; what the type byte and the three sections mean belongs to the store
 * that writes them (a hook store's records: durable/hookRecords.ts). Sections a record does not use are empty.
 */
export const HEADER_SIZE = 36;
export const RECORD_MAGIC = Buffer.from('PPH1', 'latin1');
const MAGIC_U32 = RECORD_MAGIC.readUInt32LE(0);

const MAX_U32 = 0xffffffff;

/** Where a record starts: its segment file and its byte offset in it. */
export interface RecordLocation {
  readonly segment: number;
  readonly offset: number;
}

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

export function encodeRecord(
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
