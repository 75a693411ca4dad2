import type { IncomingMessage } from 'node:http';

/**
 * A body as the socket delivered it: its chunks in order (never joined into one buffer here) and their
 * total size. Small chunks after the first are gathered into blocks, so there are never many tiny parts.
 */
export type BodyResult = { ok: true; parts: Buffer[]; size: number } | { ok: false; reason: 'too_large' | 'aborted' };

/** Chunks at least this large are kept as the parser made them; smaller ones are gathered. */
const KEEP_CHUNK_BYTES = 16 * 1024;
/** Small chunks are gathered into a block that starts this small and doubles… */
const FIRST_BLOCK_BYTES = 1024;
/** …up to this size. */
const BLOCK_BYTES = 64 * 1024;

/** The body size the request's Content-Length declares; NaN without one. */
export function declaredLength(req: IncomingMessage): number {
  return Number(req.headers['content-length'] ?? Number.NaN);
}

/**
 * The parts of a body as they arrive. A sender may send a body as a million one-byte HTTP chunks, and Node
 * makes a buffer of each; kept as they are, they would cost hundreds of bytes each and make every later step
 * slow. Chunks of KEEP_CHUNK_BYTES or more are kept; smaller ones, after the first, are copied into blocks.
 * A block holds at most twice the bytes in it, so a sender cannot make a few bytes hold a whole block.
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
    const need = this.used + chunk.length;
    if (this.block && need > this.block.length) {
      if (need <= BLOCK_BYTES) this.grow(need);
      else this.flush();
    }
    this.block ??= Buffer.allocUnsafeSlow(Math.max(FIRST_BLOCK_BYTES, chunk.length));
    chunk.copy(this.block, this.used);
    this.used += chunk.length;
  }

  /** A larger block (twice the size, or `need`; at most BLOCK_BYTES, which `need` is not over), holding the old one's bytes. */
  private grow(need: number): void {
    const old = this.block as Buffer;
    const block = Buffer.allocUnsafeSlow(Math.min(BLOCK_BYTES, Math.max(old.length * 2, need)));
    old.copy(block, 0, 0, this.used);
    this.block = block;
  }

  private flush(): void {
    if (this.single) this.parts.push(this.single);
    const block = this.block;
    if (block && this.used > 0) {
      // A block less than half full is copied out: the part then holds only its bytes, and is whole.
      if (this.used === block.length) this.parts.push(block);
      else if (this.used * 2 >= block.length) this.parts.push(block.subarray(0, this.used));
      else {
        const exact = Buffer.allocUnsafeSlow(this.used);
        block.copy(exact, 0, 0, this.used);
        this.parts.push(exact);
      }
    }
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
