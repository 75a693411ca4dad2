import type { IncomingMessage } from 'node:http';

/** A body as the socket delivered it: its chunks in order (never joined here) and their total size. */
export type BodyResult = { ok: true; parts: Buffer[]; size: number } | { ok: false; reason: 'too_large' | 'aborted' };

/** The body size the request's Content-Length declares; NaN without one. */
export function declaredLength(req: IncomingMessage): number {
  return Number(req.headers['content-length'] ?? Number.NaN);
}

/** Reads a request body, refusing before reading when Content-Length is over the limit and while streaming otherwise. */
export function readBodyWithin(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = declaredLength(req);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.resolve({ ok: false, reason: 'too_large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        chunks.length = 0;
        req.pause();
        resolve({ ok: false, reason: 'too_large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      // Each chunk is a copy the HTTP parser made for this request: nothing else writes to it.
      resolve({ ok: true, parts: chunks, size });
    });
    req.on('error', () => {
      if (done) return;
      done = true;
      resolve({ ok: false, reason: 'aborted' });
    });
  });
}
