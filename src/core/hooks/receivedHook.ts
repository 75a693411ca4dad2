import type { CapturedHook, HookMeta } from './capture';

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
 * A hook just received, whose body is still the chunks the socket delivered. Joining the chunks of a large
 * body into one buffer costs more than storing it (fresh memory, and garbage collection driven by it), so they
 * are joined only when something reads `body`; the store writes the chunks as they are (`bodyPartsOf`).
 * `body` comes from the prototype, not an own property: a spread copy (`{ ...hook }`) leaves it out.
 */
export function receivedHook(meta: HookMeta, parts: readonly Uint8Array[]): CapturedHook {
  const hook = Object.assign(Object.create(receivedPrototype) as object, meta) as CapturedHook;
  unjoined.set(hook, parts);
  if (parts.length === 1 && parts[0]) joinedBodies.set(hook, parts[0]);
  return hook;
}

/** The body's bytes in order, as one or more chunks, without joining them. */
export function bodyPartsOf(hook: CapturedHook): readonly Uint8Array[] {
  return unjoined.get(hook) ?? [hook.body];
}
