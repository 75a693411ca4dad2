import * as fsp from 'node:fs/promises';
import { writePrivateFile } from '../../privateFiles';
import { crc32 } from './crc32';
import { indexPath, isNotFound, segmentPath } from './files';
import { decodeHeader, HEADER_SIZE, headLength, type RecordHeader } from './record';
import { scanSegment, type ScannedRecord } from './scan';

/**
 * `hooks-N.idx`: the heads of every record of a sealed segment (no bodies), so opening a store reads
 * a few small files instead of every segment. It is a cache: written without fsync and checked as a
 * whole by CRC and by the segment length it describes; when it does not match, the segment is scanned.
 *
 *   0 magic "PPX1" · 4 count u32 · 8 segment length f64 · 16 payload CRC u32 · 20 header CRC u32
 *  24 entries: offset f64 · the record's 36-byte header · meta, names, values
 */
const INDEX_MAGIC = Buffer.from('PPX1', 'latin1');
const INDEX_HEADER = 24;

/** Heads of records as the writer wrote them: where each starts, and its fixed header plus meta, names, values. */
export interface WrittenHeads {
  readonly entries: ReadonlyArray<readonly [offset: number, head: Uint8Array]>;
  /** Length of the segment they make up. */
  readonly size: number;
}

/**
 * Writes the index of a sealed segment, from the heads kept while writing it when given (no reading
 * back), else by scanning it; false (and no file) when the segment has damaged records.
 */
export async function writeSegmentIndex(dir: string, segment: number, written?: WrittenHeads): Promise<boolean> {
  const parts: Uint8Array[] = [Buffer.alloc(INDEX_HEADER)];
  let count = 0;
  let size: number;
  if (written) {
    for (const [offset, head] of written.entries) {
      const at = Buffer.allocUnsafe(8);
      at.writeDoubleLE(offset, 0);
      parts.push(at, head);
      count++;
    }
    size = written.size;
  } else {
    const result = await scanSegment(segmentPath(dir, segment), {
      verifyBodies: false,
      onRecord({ offset, header, buffer, at }) {
        const length = HEADER_SIZE + headLength(header);
        const entry = Buffer.allocUnsafe(8 + length);
        entry.writeDoubleLE(offset, 0);
        buffer.copy(entry, 8, at, at + length);
        parts.push(entry);
        count++;
      },
    });
    if (result.problems.some((problem) => problem.kind !== 'padding')) return false;
    size = result.fileSize;
  }
  const file = Buffer.concat(parts);
  INDEX_MAGIC.copy(file, 0);
  file.writeUInt32LE(count, 4);
  file.writeDoubleLE(size, 8);
  file.writeUInt32LE(crc32(file.subarray(INDEX_HEADER)), 16);
  file.writeUInt32LE(crc32(file.subarray(0, 20)), 20);
  const target = indexPath(dir, segment);
  const temp = `${target}.${process.pid}.tmp`;
  await writePrivateFile(temp, file);
  await fsp.rename(temp, target);
  return true;
}

/**
 * Feeds the records listed in a segment's index to `onRecord` and returns the length of segment they
 * cover: all of it for a sealed segment; with `prefix`, possibly less (the active segment, indexed when
 * the store was closed and appended to since). Undefined when there is no usable index (missing,
 * damaged, or describing another length of the segment); then nothing was fed.
 */
export async function readSegmentIndex(
  dir: string,
  segment: number,
  segmentSize: number,
  onRecord: (record: ScannedRecord) => void,
  prefix = false,
): Promise<number | undefined> {
  let file: Buffer;
  try {
    file = await fsp.readFile(indexPath(dir, segment));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  if (file.length < INDEX_HEADER || !file.subarray(0, 4).equals(INDEX_MAGIC)) return undefined;
  if (crc32(file.subarray(0, 20)) !== file.readUInt32LE(20)) return undefined;
  const covered = file.readDoubleLE(8);
  if (prefix ? covered > segmentSize : covered !== segmentSize) return undefined;
  if (crc32(file.subarray(INDEX_HEADER)) !== file.readUInt32LE(16)) return undefined;
  const count = file.readUInt32LE(4);
  // Check the layout first, so that nothing is fed from an index that turns out to be unusable.
  let at = INDEX_HEADER;
  for (let i = 0; i < count; i++) {
    if (at + 8 + HEADER_SIZE > file.length) return undefined;
    const header = decodeHeader(file, at + 8);
    if (typeof header === 'string') return undefined;
    at += 8 + HEADER_SIZE + headLength(header);
  }
  if (at !== file.length) return undefined;
  at = INDEX_HEADER;
  for (let i = 0; i < count; i++) {
    const header = decodeHeader(file, at + 8) as RecordHeader;
    onRecord({ offset: file.readDoubleLE(at), header, buffer: file, at: at + 8 });
    at += 8 + HEADER_SIZE + headLength(header);
  }
  return covered;
}
