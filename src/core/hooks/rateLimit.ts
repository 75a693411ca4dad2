import { isIP } from 'node:net';

/** Senders whose buckets are kept at most; past it the one heard from longest ago is forgotten. */
export const MAX_SENDERS = 4096;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per sender: each may send `perSecond` hooks a second, in bursts of up to `perSecond`. The
 * buckets are bounded (`maxSenders`): however many addresses send, the map never holds more. A sender it
 * forgot comes back with a full bucket, which is what a sender quiet for a while has anyway.
 */
export class RateLimiter {
  /** In the order senders were last heard from, oldest first. */
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly perSecond: number,
    private readonly maxSenders = MAX_SENDERS,
  ) {}

  /** How many senders it keeps a bucket for. */
  get senders(): number {
    return this.buckets.size;
  }

  /**
   * Takes one token from `sender`'s bucket at time `now` (ms): 0 when it had one, else the whole seconds
   * (at least 1) until it has one again. A `perSecond` of 0 is no limit.
   */
  take(sender: string, now: number): number {
    if (this.perSecond <= 0) return 0;
    let bucket = this.buckets.get(sender);
    if (bucket) {
      this.buckets.delete(sender);
      // A clock set back refills nothing, and counts on from the new time.
      const refill = (Math.max(0, now - bucket.at) * this.perSecond) / 1000;
      bucket.tokens = Math.min(this.perSecond, bucket.tokens + refill);
      bucket.at = now;
    } else {
      if (this.buckets.size >= this.maxSenders) {
        const oldest = this.buckets.keys().next();
        if (!oldest.done) this.buckets.delete(oldest.value);
      }
      bucket = { tokens: this.perSecond, at: now };
    }
    this.buckets.set(sender, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }
}

/**
 * Who a request counts against: its IPv4 address (also when the socket reports it IPv4-mapped), or the /64
 * network of an IPv6 address, since one machine may use any address of its /64 network.
 */
export function senderOf(address: string | undefined): string {
  if (!address) return '';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  const bare = address.split('%')[0] ?? '';
  if (isIP(bare) !== 6) return address;
  const halves = bare.split('::');
  const left = halves[0] ? halves[0].split(':') : [];
  const right = halves[1] ? halves[1].split(':') : [];
  // An IPv4 tail (`::ffff:1.2.3.4`, `64:ff9b::1.2.3.4`) takes two groups.
  const width = (groups: string[]): number => groups.reduce((sum, group) => sum + (group.includes('.') ? 2 : 1), 0);
  const zeros = halves.length === 2 ? Array<string>(8 - width(left) - width(right)).fill('0') : [];
  const groups = [...left, ...zeros, ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
