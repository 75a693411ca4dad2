import * as fsp from 'node:fs/promises';
import { crc32 } from './crc32';
import { readAt } from './files';
import { decodeHeader, HEADER_SIZE, headLength, RECORD_MAGIC, type RecordHeader, recordLength } from './record';

/**
 * One record as found in a file: its fixed header and head (meta, names, values) are in `buffer` from
 * `at` on. Only valid during the callback; the buffer is reused.
 */
export interface ScannedRecord {
  /** Where the record starts in its segment file. */
  readonly offset: number;
  readonly header: RecordHeader;
  readonly buffer: Buffer;
  readonly at: number;
}

export interface ScanProblem {
  readonly offset: number;
  /**
   * `torn`: nothing valid follows (an interrupted write at the end); `corrupt`: valid records follow;
   * `padding`: less than a block of zeros at the end, as direct I/O writes it (not damage).
   */
  readonly kind: 'torn' | 'corrupt' | 'padding';
  readonly bytes: number;
  readonly reason: string;
}

export interface ScanResult {
  /** The file's size as measured at the start, or where it was found to end when it was cut short meanwhile. */
  readonly fileSize: number;
  /** Where the last valid record ends; past it there is only a torn tail, if anything. */
  readonly validEnd: number;
  readonly problems: ScanProblem[];
}

export interface ScanOptions {
  /** Check every body's CRC (reads the bodies). Without it, bodies larger than a chunk are not read at all. */
  readonly verifyBodies: boolean;
  /** Where to start (a record boundary); default 0. */
  readonly from?: number;
  readonly onRecord: (record: ScannedRecord) => void;
}

const CHUNK = 4 * 1024 * 1024;
const PADDING_BLOCK = 4096;

/**
 * Reads a segment file record by record, skipping damaged stretches and reporting them. The file may
 * shrink while it is read, when a read-only opener scans a segment the writer is sealing (cutting off the
 * zero padding of direct I/O) or rolling back: it is then read up to where it ends now, like a file that
 * was that long to begin with (see `WindowReader`).
 */
export async function scanSegment(file: string, options: ScanOptions): Promise<ScanResult> {
  const handle = await fsp.open(file, 'r');
  try {
    const reader = new WindowReader(handle, (await handle.stat()).size);
    const problems: ScanProblem[] = [];
    let pos = options.from ?? 0;
    let validEnd = pos;
    while (pos < reader.size) {
      const found = await readRecord(reader, pos, options.verifyBodies);
      if (typeof found !== 'string') {
        options.onRecord(recordAt(reader, pos, found));
        pos += recordLength(found);
        validEnd = pos;
        continue;
      }
      const next = await findNextRecord(reader, pos + 1);
      // Direct I/O pads the last block with zeros; a crash (or a sealed segment) can leave that padding.
      const padding = next === undefined && (await reader.zeroTail(pos, PADDING_BLOCK));
      const bytes = (next ?? reader.size) - pos;
      // Cut short right here while being read: nothing follows the last record.
      if (bytes <= 0) break;
      problems.push({
        offset: pos,
        kind: padding ? 'padding' : next === undefined ? 'torn' : 'corrupt',
        bytes,
        reason: padding ? 'zero padding' : found,
      });
      if (next === undefined) break;
      pos = next;
    }
    return { fileSize: reader.size, validEnd, problems };
  } finally {
    await handle.close();
  }
}

function recordAt(reader: WindowReader, pos: number, header: RecordHeader): ScannedRecord {
  return { offset: pos, header, buffer: reader.buffer, at: reader.view(pos, HEADER_SIZE + headLength(header)) };
}

/** The record at `pos` when it is whole and its checksums hold, else why not. Leaves its head in the window. */
async function readRecord(reader: WindowReader, pos: number, verifyBody: boolean): Promise<RecordHeader | string> {
  if (!(await reader.ensure(pos, HEADER_SIZE))) return 'partial header';
  const header = decodeHeader(reader.buffer, reader.view(pos, HEADER_SIZE));
  if (header === 'magic') return 'no record header';
  if (header === 'checksum') return 'header checksum mismatch';
  const total = recordLength(header);
  if (pos + total > reader.size) return 'record runs past the end of the file';
  const head = HEADER_SIZE + headLength(header);
  // Reading may find the file cut short since it was measured, the record no longer (all) there.
  const read = await reader.ensure(pos, verifyBody ? total : head);
  if (!read || pos + total > reader.size) return 'record runs past the end of the file';
  if (verifyBody) {
    const at = reader.view(pos, total);
    if (crc32(reader.buffer.subarray(at + head, at + total)) !== header.bodyCrc) return 'body checksum mismatch';
  }
  const at = reader.view(pos, head);
  if (crc32(reader.buffer.subarray(at + HEADER_SIZE, at + head)) !== header.headCrc)
    return 'metadata checksum mismatch';
  return header;
}

/** The next offset at or after `from` where a whole, valid record starts. */
async function findNextRecord(reader: WindowReader, from: number): Promise<number | undefined> {
  let search = from;
  while (search + HEADER_SIZE <= reader.size) {
    const span = Math.min(CHUNK, reader.size - search);
    // Cut short meanwhile: look again at what is left.
    if (!(await reader.ensure(search, span))) continue;
    const base = reader.view(search, span);
    const hit = reader.buffer.subarray(base, base + span).indexOf(RECORD_MAGIC);
    if (hit < 0) {
      search += Math.max(1, span - (RECORD_MAGIC.length - 1));
      continue;
    }
    const candidate = search + hit;
    if (typeof (await readRecord(reader, candidate, true)) !== 'string') return candidate;
    search = candidate + 1;
  }
  return undefined;
}

/**
 * A window of the file in memory, moved and grown as records ask for bytes. Reads stop at `size`, the
 * file's size when the scan began (what is appended after is left to the next open). A read that comes
 * back short means the file was cut shorter meanwhile (a writer truncating it): `size` then becomes where
 * it ends now, and nothing past it is read.
 */
class WindowReader {
  buffer = Buffer.allocUnsafe(CHUNK);
  private start = 0;
  private length = 0;

  constructor(
    private readonly handle: fsp.FileHandle,
    public size: number,
  ) {}

  /** Makes bytes [pos, pos + n) available in `buffer`; false when the file ends before (`size` tells where). */
  async ensure(pos: number, n: number): Promise<boolean> {
    if (pos >= this.start && pos + n <= this.start + this.length) return true;
    if (pos + n > this.size) return false;
    if (n > this.buffer.length) this.buffer = Buffer.allocUnsafe(Math.max(n, this.buffer.length * 2));
    const want = Math.min(this.buffer.length, this.size - pos);
    this.start = pos;
    this.length = await readAt(this.handle, this.buffer, want, pos);
    if (this.length < want) this.size = pos + this.length;
    return this.length >= n;
  }

  /** Whether the file ends within `limit` bytes of `pos` with nothing but zeros (or right at `pos`). */
  async zeroTail(pos: number, limit: number): Promise<boolean> {
    for (;;) {
      const n = this.size - pos;
      if (n <= 0) return true;
      if (n >= limit) return false;
      // When the file was cut meanwhile, look again at what is left.
      if (!(await this.ensure(pos, n))) continue;
      const at = this.view(pos, n);
      for (let i = at; i < at + n; i++) if (this.buffer[i] !== 0) return false;
      return true;
    }
  }

  /** Index in `buffer` of file position `pos` (after `ensure(pos, n)`). */
  view(pos: number, n: number): number {
    if (pos < this.start || pos + n > this.start + this.length) throw new Error(`Scan window misses ${pos}+${n}`);
    return pos - this.start;
  }
}
