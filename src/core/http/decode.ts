import * as fs from 'node:fs';
import { Readable, type Transform, pipeline } from 'node:stream';
import * as zlib from 'node:zlib';
import type { BodyRef } from '../model/pulled';
import { type BodySink, collectBody, removeBody } from './body';

export interface DecodedBody {
  /** The body with its encodings undone; `raw` itself when there was nothing to undo or undoing failed. */
  readonly decoded: BodyRef;
  /** The encodings undone, as the header listed them (`gzip`, `gzip, br`). */
  readonly encoding?: string;
  readonly decodeError?: string;
}

const KNOWN = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/** Most encodings undone on one body: each costs a decompressor's memory, and a server chooses how many it lists. */
const MAX_CODINGS = 4;

/**
 * Undoes a Content-Encoding (gzip, deflate with or without its zlib wrapper, br, also stacked) for display, as a
 * stream from memory or from the raw body's file into a sink of its own. A body that cannot be decoded keeps its
 * raw bytes and says why; so does one whose decoded form would pass the sink's cap (a small body that unpacks to
 * a huge one). A cut (truncated) body is decoded as far as it goes.
 */
export async function decodeBody(
  raw: BodyRef,
  contentEncoding: string | undefined,
  sink: BodySink,
  truncated: boolean,
): Promise<DecodedBody> {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) return { decoded: raw };
  const encoding = codings.join(', ');
  if (codings.length > MAX_CODINGS) {
    return {
      decoded: raw,
      decodeError: `The body lists ${codings.length} encodings; PushPull undoes at most ${MAX_CODINGS}, so it is shown as it came.`,
    };
  }
  const unknown = codings.find((c) => !KNOWN.has(c));
  if (unknown !== undefined) {
    return { decoded: raw, decodeError: `"${unknown}" is not an encoding PushPull decodes (gzip, deflate, br).` };
  }
  try {
    return { decoded: await decodeWith(raw, codings, sink, truncated, 'zlib'), encoding };
  } catch (first) {
    if (!codings.includes('deflate')) return { decoded: raw, decodeError: reasonOf(first) };
    // Some servers send deflate without its zlib wrapper, as browsers and curl accept.
    try {
      return { decoded: await decodeWith(raw, codings, sink, truncated, 'raw'), encoding };
    } catch {
      return { decoded: raw, decodeError: reasonOf(first) };
    }
  }
}

async function decodeWith(
  raw: BodyRef,
  codings: readonly string[],
  sink: BodySink,
  truncated: boolean,
  deflate: 'zlib' | 'raw',
): Promise<BodyRef> {
  const source = raw.kind === 'memory' ? Readable.from([raw.bytes]) : fs.createReadStream(raw.path);
  // Applied in the order listed, so undone from the last to the first.
  const decoders = [...codings].reverse().map((coding) => decoder(coding, truncated, deflate));
  const output = pipeline([source, ...decoders], () => undefined) as Transform;
  const { ref, truncated: cut } = await collectBody(output, sink, () => output.destroy());
  if (cut) {
    await removeBody(ref);
    throw new Error(`Decoded, the body would be larger than the size cap (${sink.maxBytes ?? 0} bytes).`);
  }
  return ref;
}

function decoder(coding: string, truncated: boolean, deflate: 'zlib' | 'raw'): Transform {
  const flush = truncated ? { finishFlush: zlib.constants.Z_SYNC_FLUSH } : {};
  switch (coding) {
    case 'br':
      return zlib.createBrotliDecompress(truncated ? { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH } : {});
    case 'deflate':
      return deflate === 'zlib' ? zlib.createInflate(flush) : zlib.createInflateRaw(flush);
    default:
      return zlib.createGunzip(flush);
  }
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `The body could not be decoded (${message}); it is shown as it came.`;
}
