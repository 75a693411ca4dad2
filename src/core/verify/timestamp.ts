import type { ProviderName, Verdict } from '../model/verdict';
import { invalid, providerTitle, quote } from './util';

const UNIX_SECONDS = /^\d{1,15}$/;

/** Parses a Unix-seconds header value, or explains why it is malformed. */
export function parseTimestamp(provider: ProviderName, where: string, text: string): number | Verdict {
  const trimmed = text.trim();
  if (!UNIX_SECONDS.test(trimmed)) {
    return invalid(
      provider,
      'header-malformed',
      `The timestamp in ${where} is ${quote(text)}, not a number of seconds since 1970 (Unix time).`,
    );
  }
  return Number(trimmed);
}

export interface Tolerance {
  readonly seconds: number;
  /** Whether a timestamp too far in the future is refused too (Stripe's libraries only refuse old ones). */
  readonly refuseFuture: boolean;
}

/**
 * Checks a signed timestamp against now. `skewSeconds` in the verdict is now − signed:
 * positive when the timestamp is too old, negative when it is in the future.
 */
export function checkTimestamp(
  provider: ProviderName,
  signed: number,
  now: number,
  tolerance: Tolerance,
): Verdict | undefined {
  const skew = now - signed;
  const title = providerTitle(provider);
  const looksLikeMs = signed > 100_000_000_000 ? ' It looks like milliseconds; the sender must send seconds.' : '';
  if (skew > tolerance.seconds) {
    return invalid(
      provider,
      'timestamp-too-old',
      `The signature's timestamp is ${duration(skew)} old; ${title} accepts at most ${tolerance.seconds} s. ` +
        `This is a late delivery or a replay of an old request: re-sign it with a fresh timestamp ` +
        `(PushPull's replay does), or check this machine's clock.`,
      skew,
    );
  }
  if (tolerance.refuseFuture && -skew > tolerance.seconds) {
    return invalid(
      provider,
      'timestamp-in-future',
      `The signature's timestamp is ${duration(-skew)} in the future; ${title} accepts at most ` +
        `${tolerance.seconds} s of difference. This machine's clock (or the sender's) is wrong: sync it.${looksLikeMs}`,
      skew,
    );
  }
  return undefined;
}

/** A stale-timestamp verdict as a sentence to add to another explanation. */
export function alsoStale(stale: Verdict | undefined): string | undefined {
  const message = stale?.reason?.message;
  return message ? `Also, ${message.charAt(0).toLowerCase()}${message.slice(1)}` : undefined;
}

/** "42 s", "412 s (about 7 minutes)", "about 3 hours", "about 12 days". */
export function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${seconds} s (about ${Math.round(seconds / 60)} minutes)`;
  if (seconds < 172_800) return `about ${Math.round(seconds / 3600)} hours`;
  return `about ${Math.round(seconds / 86_400)} days`;
}
