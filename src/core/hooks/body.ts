import type { IncomingMessage } from 'node:http';

/**
 * A body as the socket delivered it: its chunks in order (never joined into one buffer here) and their
 * total size. Small chunks after the first are gathered into blocks, so there are never many tiny parts.
 */
export type BodyResult = { ok: true; parts: Buffer[]; size: number } | { ok: false; reason: 'too_large' | 'aborted' };

/** Chunks at least this large are kept as the parser made them; smaller ones are gathered. */
const KEEP_CHUNK_BYTES = 16 * 1024;
/** Size of the blocks small chunks are gathered into. */
const BLOCK_BYTES = 64 * 1024;

/** The body size the request's Content-Length declares; NaN without one. */
export function declaredLength(req: IncomingMessage): number {
  return Number(req.headers['content-length'] ?? Number.NaN);
}

/**
 * The parts of a body as they arrive. A sender may send a body as a million one-byte HTTP chunks, and Node
 * makes a buffer of each; kept as they are, they would cost hundreds of bytes each and make every later step
 * slow. Chunks of KEEP_CHUNK_BYTES or more are kept; smaller ones, after the first, are copied into blocks.
 */
class Parts {
  readonly parts: Buffer[] = [];
  /** The first small chunk, kept without a copy: most bodies are one small chunk. */
  private single: Buffer | undefined;
  private block: Buffer | undefined;
  private used = 0;

  add(chunk: Buffer): void {
    if (chunk.length >= KEEP_CHUNK_BYTES) {
      this.flush();
      this.parts.push(chunk);
    } else if (!this.single && !this.block) {
      this.single = chunk;
    } else {
      if (this.single) {
        const first = this.single;
        this.single = undefined;
        this.copy(first);
      }
      this.copy(chunk);
    }
  }

  /** Everything added, in order. */
  finish(): Buffer[] {
    this.flush();
    return this.parts;
  }

  private copy(chunk: Buffer): void {
    if (this.block && this.used + chunk.length > this.block.length) this.flush();
    this.block ??= Buffer.allocUnsafe(BLOCK_BYTES);
    chunk.copy(this.block, this.used);
    this.used += chunk.length;
  }

  private flush(): void {
    if (this.single) this.parts.push(this.single);
    if (this.block && this.used > 0) this.parts.push(this.block.subarray(0, this.used));
    this.single = undefined;
    this.block = undefined;
    this.used = 0;
  }
}

/** Reads a request body, refusing before reading when Content-Length is over the limit and while streaming otherwise. */
export function readBodyWithin(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = declaredLength(req);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.resolve({ ok: false, reason: 'too_large' });
  }
  return new Promise((resolve) => {
    let parts: Parts | undefined = new Parts();
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        parts = undefined;
        req.pause();
        resolve({ ok: false, reason: 'too_large' });
        return;
      }
      parts?.add(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      // Each part is a copy the HTTP parser made for this request, or a block of ours: nothing else writes to it.
      resolve({ ok: true, parts: parts?.finish() ?? [], size });
    });
    req.on('error', () => {
      if (done) return;
      done = true;
      resolve({ ok: false, reason: 'aborted' });
    });
  });
}
