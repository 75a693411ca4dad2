import type { CapturedHook } from '../model/hook';

/** On a just-received hook whose body came in several chunks: the chunks, until something reads the body. */
const CHUNKS = Symbol('body chunks');

type Received = CapturedHook & { [CHUNKS]?: readonly Uint8Array[] };

/**
 * A hook just received: `fields` with the body still as the chunks the socket delivered (`fields.body` is
 * not used). Joining the chunks of a large body into one buffer costs more than storing it (fresh memory,
 * and garbage collection driven by it), so `body` is a getter that joins them on first read, once; the store
 * writes the chunks as they are (`bodyPartsOf`). A copy (`{ ...hook }`, JSON) reads `body` and so joins them.
 */
export function receivedHook(fields: CapturedHook, parts: readonly Uint8Array[]): CapturedHook {
  const hook = { ...fields } as Received;
  Object.defineProperty(hook, CHUNKS, { value: parts, writable: true, configurable: true });
  Object.defineProperty(hook, 'body', {
    enumerable: true,
    configurable: true,
    get(this: Received): Uint8Array {
      const body = Buffer.concat(this[CHUNKS] ?? []);
      Object.defineProperty(this, 'body', { value: body, enumerable: true, writable: false, configurable: true });
      this[CHUNKS] = [body];
      return body;
    },
  });
  return hook;
}

/** The body's bytes in order, as one or more chunks, without joining them. */
export function bodyPartsOf(hook: CapturedHook): readonly Uint8Array[] {
  return (hook as Received)[CHUNKS] ?? [hook.body];
}

/**
 * The hook's own fields but `body` and `headers`, without reading `body` (which would join its chunks).
 * A spread is much cheaper than a loop for the plain hooks most senders make.
 */
export function fieldsOf(hook: CapturedHook): Record<string, unknown> {
  if ((hook as Received)[CHUNKS] === undefined) return { ...hook, body: undefined, headers: undefined };
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(hook)) {
    if (key !== 'body' && key !== 'headers') fields[key] = hook[key as keyof CapturedHook];
  }
  return fields;
}

/** CRC-32s of bodies worked out on arrival beside their sha256 (`BodyHasher`), for the store. */
const knownCrcs = new WeakMap<object, number>();

export function rememberBodyCrc32(hook: CapturedHook, crc32: number): void {
  knownCrcs.set(hook, crc32);
}

/** The CRC-32 of the hook's body if it was worked out on arrival. */
export function knownBodyCrc32(hook: CapturedHook): number | undefined {
  return knownCrcs.get(hook);
}

/** The parts of a request that a signature check reads, the body joined from its chunks only if it is read. */
export class ArrivingRequest {
  #joined: Uint8Array | undefined;

  constructor(
    readonly method: string,
    readonly url: string,
    readonly fullUrl: string,
    readonly headers: ReadonlyArray<readonly [string, string]>,
    private readonly parts: readonly Uint8Array[],
  ) {
    if (parts.length === 1) this.#joined = parts[0];
  }

  get body(): Uint8Array {
    return (this.#joined ??= Buffer.concat(this.parts));
  }

  /** The whole body if it came in one chunk or was read; undefined while it is still in chunks. */
  get joined(): Uint8Array | undefined {
    return this.#joined;
  }
}
