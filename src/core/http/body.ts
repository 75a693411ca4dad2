import { randomUUID } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { makePrivateDir, PRIVATE_FILE } from '../privateFiles';
import type { BodyRef } from '../model/pulled';

const WRITE_BATCH = 1024 * 1024;

/** Where a body is kept: in memory up to the threshold, beyond it in a new file of `spillDir`. */
export interface BodySink {
  readonly memoryThresholdBytes: number;
  readonly spillDir: string;
  /** Most bytes kept; undefined for no cap. */
  readonly maxBytes?: number;
}

export interface CollectedBody {
  readonly ref: BodyRef;
  /** True when the cap cut the body: the rest was not read. */
  readonly truncated: boolean;
}

/**
 * Reads `chunks` into memory, or into a file once more than the threshold came, never holding more than the
 * threshold (or, once in the file, about 1 MiB) in memory: each batch is written before more is read, so a slow
 * disk slows the socket down. At
 * `maxBytes` it stops reading and calls `stop` (which ends the stream). A failure removes the file.
 */
export async function collectBody(
  chunks: AsyncIterable<Uint8Array>,
  sink: BodySink,
  stop: () => void,
): Promise<CollectedBody> {
  const held: Uint8Array[] = [];
  let size = 0;
  let file: { path: string; handle: fsp.FileHandle } | undefined;
  let truncated = false;
  // Chunks for the file go out in batches of about WRITE_BATCH bytes: one write per 64 KiB chunk costs more
  // than the disk does.
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = async (open: { handle: fsp.FileHandle }): Promise<void> => {
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    if (batch.length > 0) await open.handle.writev(batch);
  };
  try {
    for await (const piece of chunks) {
      let chunk = piece;
      if (sink.maxBytes !== undefined && size + chunk.length > sink.maxBytes) {
        chunk = chunk.subarray(0, sink.maxBytes - size);
        truncated = true;
      }
      size += chunk.length;
      if (!file && size <= sink.memoryThresholdBytes) held.push(chunk);
      else {
        file ??= await openSpillFile(sink.spillDir, 'body');
        for (const early of held.splice(0)) {
          pending.push(early);
          pendingBytes += early.length;
        }
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= WRITE_BATCH) await flush(file);
      }
      if (truncated) {
        stop();
        break;
      }
    }
    if (!file) return { ref: { kind: 'memory', bytes: concat(held, size) }, truncated };
    await flush(file);
    await file.handle.close();
    return { ref: { kind: 'file', path: file.path, size }, truncated };
  } catch (error) {
    if (file) await discard(file);
    throw error;
  }
}

/** A new file, 0600, with a name no other body has, in `dir` (made 0700 when missing). */
export async function openSpillFile(dir: string, suffix: string): Promise<{ path: string; handle: fsp.FileHandle }> {
  await makePrivateDir(dir);
  const file = path.join(dir, `${Date.now()}-${randomUUID()}.${suffix}`);
  const handle = await fsp.open(file, 'wx', PRIVATE_FILE);
  await handle.chmod(PRIVATE_FILE);
  return { path: file, handle };
}

async function discard(file: { path: string; handle: fsp.FileHandle }): Promise<void> {
  await file.handle.close().catch(() => undefined);
  await fsp.rm(file.path, { force: true });
}

/** Removes a body's file, if it has one. */
export async function removeBody(ref: BodyRef | undefined): Promise<void> {
  if (ref?.kind === 'file') await fsp.rm(ref.path, { force: true });
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  return Buffer.concat(chunks, size);
}

/** Up to `limit` bytes (all when omitted) of a body, wherever it is kept. */
export async function readBody(ref: BodyRef, limit?: number): Promise<Uint8Array> {
  if (ref.kind === 'memory') return limit === undefined ? ref.bytes : ref.bytes.subarray(0, limit);
  if (limit === undefined) return fsp.readFile(ref.path);
  const handle = await fsp.open(ref.path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(limit, ref.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
