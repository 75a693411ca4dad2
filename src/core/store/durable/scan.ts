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

/** Reads a segment file record by record, skipping damaged stretches and reporting them. */
export async function scanSegment(file: string, options: ScanOptions): Promise<ScanResult> {
  const handle = await fsp.open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const reader = new WindowReader(handle, size);
    const problems: ScanProblem[] = [];
    let pos = options.from ?? 0;
    let validEnd = pos;
    while (pos < size) {
      const found = await readRecord(reader, pos, options.verifyBodies);
      if (typeof found !== 'string') {
        options.onRecord(recordAt(reader, pos, found));
        pos += recordLength(found);
        validEnd = pos;
        continue;
      }
      const next = await findNextRecord(reader, pos + 1);
      const bytes = (next ?? size) - pos;
      // Direct I/O pads the last block with zeros; a crash (or a sealed segment) can leave that padding.
      const padding = next === undefined && bytes < PADDING_BLOCK && (await reader.allZero(pos, bytes));
      problems.push({
        offset: pos,
        kind: padding ? 'padding' : next === undefined ? 'torn' : 'corrupt',
        bytes,
        reason: padding ? 'zero padding' : found,
      });
      if (next === undefined) break;
      pos = next;
    }
    return { fileSize: size, validEnd, problems };
  } finally {
    await handle.close();
  }
}

function recordAt(reader: WindowReader, pos: number, header: RecordHeader): ScannedRecord {
  return { offset: pos, header, buffer: reader.buffer, at: reader.view(pos, HEADER_SIZE + headLength(header)) };
}

/** The record at `pos` when it is whole and its checksums hold, else why not. Leaves its head in the window. */
async function readRecord(reader: WindowReader, pos: number, verifyBody: boolean): Promise<RecordHeader | string> {
  if (pos + HEADER_SIZE > reader.size) return 'partial header';
  await reader.ensure(pos, HEADER_SIZE);
  const header = decodeHeader(reader.buffer, reader.view(pos, HEADER_SIZE));
  if (header === 'magic') return 'no record header';
  if (header === 'checksum') return 'header checksum mismatch';
  const total = recordLength(header);
  if (pos + total > reader.size) return 'record runs past the end of the file';
  const head = HEADER_SIZE + headLength(header);
  if (verifyBody) {
    await reader.ensure(pos, total);
    const at = reader.view(pos, total);
    if (crc32(reader.buffer.subarray(at + head, at + total)) !== header.bodyCrc) return 'body checksum mismatch';
  }
  await reader.ensure(pos, head);
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
    await reader.ensure(search, span);
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

/** A window of the file in memory, moved and grown as records ask for bytes. */
class WindowReader {
  buffer = Buffer.allocUnsafe(CHUNK);
  private start = 0;
  private length = 0;

  constructor(
    private readonly handle: fsp.FileHandle,
    readonly size: number,
  ) {}

  /** Makes bytes [pos, pos + n) available in `buffer`. */
  async ensure(pos: number, n: number): Promise<void> {
    if (pos >= this.start && pos + n <= this.start + this.length) return;
    if (n > this.buffer.length) this.buffer = Buffer.allocUnsafe(Math.max(n, this.buffer.length * 2));
    const want = Math.min(this.buffer.length, this.size - pos);
    this.start = pos;
    this.length = await readAt(this.handle, this.buffer, want, pos);
  }

  async allZero(pos: number, n: number): Promise<boolean> {
    await this.ensure(pos, n);
    const at = this.view(pos, n);
    for (let i = at; i < at + n; i++) if (this.buffer[i] !== 0) return false;
    return true;
  }

  /** Index in `buffer` of file position `pos` (after `ensure(pos, n)`). */
  view(pos: number, n: number): number {
    if (pos < this.start || pos + n > this.start + this.length) throw new Error(`Scan window misses ${pos}+${n}`);
    return pos - this.start;
  }
}
