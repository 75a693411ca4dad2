import type { CapturedHook, HookMeta } from './hook';

/**
 * A hook handed to a store, as the listener received it: its metadata, the body's bytes in order as the
 * parts the socket delivered (a store writes them as they are: joining the parts of a large body costs more
 * than storing it), and what was worked out from those bytes on arrival. Everything is passed explicitly.
 */
export interface Arrival {
  /** The hook without its body; a `body` field here is ignored (the parts are the body). */
  readonly meta: HookMeta;
  /** The body's bytes in order, as one or more parts; none for an empty body. */
  readonly parts: readonly Uint8Array[];
  /** Worked out beside the body's sha256 on arrival (large bodies, on the hashing thread). */
  readonly digest?: { readonly crc32: number } | undefined;
}

/** A hook whose body is at hand in one piece (tests, tools), as an arrival. */
export function arrivalOf(hook: CapturedHook | Arrival): Arrival {
  return 'parts' in hook ? hook : { meta: hook, parts: [hook.body] };
}

/** The body of an arrival as one buffer; the one part itself when there is only one. */
export function joinParts(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
}
