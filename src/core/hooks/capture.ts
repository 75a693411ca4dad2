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
  readonly headers: ReadonlyArray<readonly [string, string]>;
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
}

export interface HookVerdict {
  readonly status: 'valid' | 'invalid' | 'no-secret' | 'not-signed';
  /** The signature scheme checked (`github`, `stripe`, …); absent when nothing says how it was signed. */
  readonly provider?: string;
  readonly reason?: { readonly code: string; readonly message: string; readonly skewSeconds?: number };
  readonly note?: string;
}

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

/** First value of a header, case-insensitively. */
export function headerValue(hook: Pick<CapturedHook, 'headers'>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return hook.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** The sequence has six digits. */
const MAX_SEQUENCE = 999_999;

/** Ids that sort by arrival, also across restarts: time first, then a sequence within the same ms. */
export class HookIdGenerator {
  private lastTime = 0;
  private sequence = 0;

  /** Continues after `id` (the newest stored one): a clock set back since then gives no repeated or older ids. */
  after(id: string): void {
    const match = /^(\d{14})-(\d{6})$/.exec(id);
    if (!match) return;
    const time = Number(match[1]);
    const sequence = Number(match[2]);
    if (time > this.lastTime || (time === this.lastTime && sequence > this.sequence)) {
      this.lastTime = time;
      this.sequence = sequence;
    }
  }

  next(wallClock: number): string {
    // A clock set back (NTP, a person) must not make ids go backwards or repeat: stay on the last time.
    let now = Math.max(wallClock, this.lastTime);
    if (now === this.lastTime && this.sequence < MAX_SEQUENCE) this.sequence++;
    else {
      // A new ms, or (clock held back long enough to use up the sequence) the next one.
      if (now === this.lastTime) now++;
      this.lastTime = now;
      this.sequence = 0;
    }
    return `${now.toString().padStart(14, '0')}-${this.sequence.toString().padStart(6, '0')}`;
  }
}

/** Pairs Node's rawHeaders array ([name, value, name, value, …]). */
export function pairHeaders(raw: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return pairs;
}
