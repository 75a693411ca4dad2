import { Worker } from 'node:worker_threads';
import * as zlib from 'node:zlib';

/** Bodies at least this large are hashed on a worker thread; smaller ones cost less here than the round trip. */
export const WORKER_DIGEST_BYTES = 32 * 1024;
/**
 * Most chunks lent at once: each one costs a transfer. A 25 MB body has 400 parts or more (`readBodyWithin`),
 * a few thousand when a sender alternates large and tiny chunks; such a body is hashed on the caller's thread.
 */
const MAX_LENT_PARTS = 2048;

/** A body's chunks (possibly new views of the same bytes) with their sha256 and CRC-32, worked out together. */
export interface BodyDigest {
  readonly parts: readonly Uint8Array[];
  readonly sha256: string;
  readonly crc32: number;
}

interface Reply {
  readonly id: number;
  readonly buffers: readonly ArrayBuffer[];
  readonly sha256: string;
  readonly crc32: number;
}

interface Waiting {
  readonly resolve: (digest: BodyDigest) => void;
  readonly reject: (error: Error) => void;
}

/** The worker: hashes and checksums the chunks it is lent, in order, and hands them back. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const zlib = require('node:zlib');
parentPort.on('message', ({ id, buffers }) => {
  const hash = crypto.createHash('sha256');
  let crc = 0;
  for (const buffer of buffers) {
    const bytes = new Uint8Array(buffer);
    hash.update(bytes);
    crc = zlib.crc32(bytes, crc);
  }
  parentPort.postMessage({ id, buffers, sha256: hash.digest('hex'), crc32: crc }, buffers);
});
`;

/**
 * Works out the sha256 and CRC-32 of large received bodies on a worker thread. The chunks' memory is lent to
 * it (transferred, not copied) and comes back with the digests, so the listener's thread serves other hooks
 * meanwhile: at 100 KB, hashing would otherwise be about half of its time per hook. Returns undefined (the
 * caller hashes) for small bodies, chunks that share memory with other data, or when no worker can run.
 */
export class BodyHasher {
  private worker: Worker | undefined;
  private unusable = false;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();

  digest(parts: readonly Uint8Array[]): Promise<BodyDigest> | undefined {
    let size = 0;
    for (const part of parts) size += part.length;
    if (
      size < WORKER_DIGEST_BYTES ||
      parts.length > MAX_LENT_PARTS ||
      !ownsWholeBuffers(parts) ||
      typeof (zlib as { crc32?: unknown }).crc32 !== 'function'
    )
      return undefined;
    const worker = this.start();
    if (!worker) return undefined;
    const buffers = parts.map((part) => part.buffer as ArrayBuffer);
    const id = this.nextId++;
    try {
      worker.postMessage({ id, buffers }, buffers);
    } catch {
      // Not transferable after all (Node marks some memory so); nothing was moved.
      return undefined;
    }
    if (this.waiting.size === 0) worker.ref();
    return new Promise<BodyDigest>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }

  /** Ends the worker (a later large body starts another); bodies it holds are lost and their digests fail. */
  stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate();
    this.failAll(new Error('The listener stopped before the body was hashed.'));
  }

  /** Ends the worker for good: later bodies are left to the caller. */
  dispose(): void {
    this.unusable = true;
    this.stop();
  }

  private start(): Worker | undefined {
    if (this.worker || this.unusable) return this.worker;
    try {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.on('message', (reply: Reply) => this.settle(reply));
      worker.on('error', (error) => this.broken(worker, error));
      worker.on('exit', (code) => this.broken(worker, new Error(`The hashing thread exited (code ${code}).`)));
      // Keeps the process alive only while it holds bodies (after the listeners: adding one refs it again).
      worker.unref();
      this.worker = worker;
      return worker;
    } catch {
      this.unusable = true;
      return undefined;
    }
  }

  private settle(reply: Reply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker?.unref();
    waiting.resolve({
      parts: reply.buffers.map((buffer) => Buffer.from(buffer)),
      sha256: reply.sha256,
      crc32: reply.crc32,
    });
  }

  /** The worker is gone: later bodies are hashed by the caller; the bodies it held cannot be given back. */
  private broken(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.unusable = true;
    this.failAll(new Error(`The hashing thread failed: ${error.message}`));
  }

  private failAll(error: Error): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const { reject } of waiting) reject(error);
  }
}

/** Whether each chunk is the whole of its own memory (and no two share it), so lending them detaches nothing else. */
function ownsWholeBuffers(parts: readonly Uint8Array[]): boolean {
  const seen = new Set<ArrayBufferLike>();
  for (const part of parts) {
    const buffer = part.buffer;
    if (!(buffer instanceof ArrayBuffer) || part.byteOffset !== 0 || part.byteLength !== buffer.byteLength)
      return false;
    if (seen.has(buffer)) return false;
    seen.add(buffer);
  }
  return true;
}
