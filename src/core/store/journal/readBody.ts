import * as fsp from 'node:fs/promises';
import { crc32 } from './crc32';
import { StoreCorruptError } from './errors';
import { isNotFound, readAt, segmentPath } from './files';
import { decodeHeader, HEADER_SIZE, headLength, type RecordLocation } from './record';

/**
 * The body of the hook record at `at`, checked against its CRC (STORE_CORRUPT when it does not match);
 * undefined when the segment file is gone.
 */
export async function readStoredBody(dir: string, at: RecordLocation): Promise<Uint8Array | undefined> {
  const file = segmentPath(dir, at.segment);
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, 'r');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  try {
    const headerBytes = Buffer.alloc(HEADER_SIZE);
    if ((await readAt(handle, headerBytes, HEADER_SIZE, at.offset)) < HEADER_SIZE) {
      throw new StoreCorruptError(file, at.offset, 'the record is cut short');
    }
    const header = decodeHeader(headerBytes, 0);
    if (typeof header === 'string') throw new StoreCorruptError(file, at.offset, `record header: ${header}`);
    const body = Buffer.allocUnsafe(header.bodyLen);
    const bodyAt = at.offset + HEADER_SIZE + headLength(header);
    if ((await readAt(handle, body, header.bodyLen, bodyAt)) < header.bodyLen || crc32(body) !== header.bodyCrc) {
      throw new StoreCorruptError(file, at.offset, 'the body does not match its checksum');
    }
    return body;
  } finally {
    await handle.close();
  }
}
