import type { ForwardResult, HookMeta } from '../model/hook';

/** The forward result's error when the target is the listener that forwards. */
export const FORWARD_LOOP =
  'not forwarded: the target is this listener, a forward loop (each forward would be received and forwarded again)';

/** What the listener tells its forwarder about one forward. */
export interface ForwardContext {
  /** Aborted when the server that received the hook is cut or the listener stops. */
  readonly signal: AbortSignal;
  /** Whether a socket connected to `address`:`port` reached this listener itself (a loop). */
  readonly isSelf: (address: string, port: number) => boolean;
  /** This listener's loop marker, added to what it forwards. */
  readonly marker: string;
  /** The route's `keepPath`: the hook's path and query go after the target's path; otherwise the target is called as given. */
  readonly keepPath?: boolean;
}

/**
 * Sends a stored hook (its metadata and whole body) to its route's `forwardTo` and says how it went; never throws. The listener is given one by
 * whoever runs it (`core/relay`'s `hookForwarder`), so that capture does not depend on an HTTP client.
 */
export type HookForwarder = (
  hook: HookMeta,
  body: Uint8Array,
  target: string,
  context: ForwardContext,
) => Promise<ForwardResult>;
