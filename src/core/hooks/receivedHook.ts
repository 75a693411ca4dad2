import type { CapturedHook } from './capture';

/** The chunks of each just-received hook's body, until something needs it whole. */
const unjoined = new WeakMap<object, readonly Uint8Array[]>();
const joinedBodies = new WeakMap<object, Uint8Array>();

/** Shared by every just-received hook: `body` joins the chunks on first read, once. */
const receivedPrototype: object = Object.create(Object.prototype, {
  body: {
    get(this: object): Uint8Array {
      let body = joinedBodies.get(this);
      if (!body) {
        body = Buffer.concat(unjoined.get(this) ?? []);
        joinedBodies.set(this, body);
        unjoined.set(this, [body]);
      }
      return body;
    },
  },
});

/**
 * A hook just received: `fields` with the body still as the chunks the socket delivered (`fields.body` is
 * not used). Joining the chunks of a large body into one buffer costs more than storing it (fresh memory,
 * and garbage collection driven by it), so they are joined only when something reads `body`; the store
 * writes the chunks as they are (`bodyPartsOf`). `body` comes from the prototype, not an own property:
 * a spread copy (`{ ...hook }`) leaves it out.
 */
export function receivedHook(fields: CapturedHook, parts: readonly Uint8Array[]): CapturedHook {
  const hook = Object.create(receivedPrototype) as Record<string, unknown>;
  for (const key of Object.keys(fields)) if (key !== 'body') hook[key] = fields[key as keyof CapturedHook];
  unjoined.set(hook, parts);
  if (parts.length === 1 && parts[0]) joinedBodies.set(hook, parts[0]);
  return hook as unknown as CapturedHook;
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

/** The body's bytes in order, as one or more chunks, without joining them. */
export function bodyPartsOf(hook: CapturedHook): readonly Uint8Array[] {
  return (Object.getPrototypeOf(hook) === receivedPrototype && unjoined.get(hook)) || [hook.body];
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
