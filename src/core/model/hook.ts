import type { HeaderPairs } from './headers';
import type { UnsignedVerdict, Verdict } from './verdict';

/** What is known of a received webhook without its body; kept in memory for every stored hook. */
export interface HookMeta {
  /** Sorts by arrival: zero-padded time in ms then a per-process sequence. */
  readonly id: string;
  readonly receivedAt: number;
  readonly method: string;
  /** Path and query exactly as the request line had them. */
  readonly url: string;
  /** `http://` + the Host header (or the listener's address) + `url`. */
  readonly fullUrl: string;
  readonly path: string;
  /** Query parameters in order, duplicates kept, percent-decoded. */
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Raw header pairs in arrival order, duplicates kept. */
  readonly headers: HeaderPairs;
  readonly httpVersion: string;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly contentType: string | undefined;
  readonly bodySize: number;
  /** Lowercase hex sha256 of the body bytes. */
  readonly bodySha256: string;
  /** ms from the request head to the last body byte. */
  readonly bodyMs: number;
  readonly flags: readonly HookFlag[];
  /** The event the provider named in headers or body (GitHub `pull_request.opened`, Stripe `charge.succeeded`…). */
  readonly event?: string;
  /** The signature check: valid, invalid (with why), no secret configured, or not signed. */
  readonly verdict?: HookVerdict;
  /** Pinned hooks are never dropped by retention. */
  readonly pinned?: boolean;
  /** Set when the body was too large to inspect on arrival: `flags` and `event` are then read when it is shown. */
  readonly uninspected?: true;
  /** Name of the route that matched, if any. */
  readonly route: string | undefined;
  /** Status PushPull answered the sender with. */
  readonly answerStatus: number;
  /** What the route's forward target answered; set after the hook was stored. */
  readonly forward?: ForwardResult;
  /** Set when the hook came through a relay channel (smee.io, gosmee) instead of a socket of the listener. */
  readonly relay?: RelayMark;
}

/** How a relayed hook came: stores written before relays existed have none, and read as received directly. */
export interface RelayMark {
  /** The channel URL, without credentials. */
  readonly channel: string;
  /** Identifies the delivery on its channel: the same event sent again (after a reconnect) is not kept twice. */
  readonly key: string;
  /**
   * True when the relay passed the exact bytes (gosmee's `bodyB`); false when it passed the body parsed and
   * PushPull wrote it again (smee.io): then no signature over the original bytes can match.
   */
  readonly rawBody: boolean;
}

/** The signature check of a hook: a scheme's verdict, or `not-signed` without a provider when none was named. */
export type HookVerdict = Verdict | UnsignedVerdict;

/** `invalid-json`: the body claims or looks like JSON but does not parse. */
export type HookFlag = 'invalid-json';

export interface ForwardResult {
  readonly target: string;
  /** Status the target answered with; absent when it could not be reached. */
  readonly status?: number;
  readonly ms: number;
  /** The start of the target's answer, as text. */
  readonly body?: string;
  readonly error?: string;
}

/** One received webhook as it arrived on the socket, body bytes included. */
export interface CapturedHook extends HookMeta {
  readonly body: Uint8Array;
}

/** What a body says that the tree and the CLI show: JSON validity and the event type. */
export interface BodyInsight {
  readonly flags: HookFlag[];
  /** The event the provider named (GitHub `push.opened`, Stripe `charge.succeeded`, …), if any. */
  readonly event: string | undefined;
}
