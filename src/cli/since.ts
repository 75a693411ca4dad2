import { UsageError } from './io';

const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `--since`: a duration back from `now` (`30s`, `10m`, `2h`, `7d`) or a date and time `Date.parse` reads
 * (`2026-12-07`, `2026-12-07T10:00:00Z`); milliseconds since the epoch.
 */
export function parseSince(value: string, now: number): number {
  const duration = /^(\d{1,9})([smhd])$/.exec(value.trim());
  if (duration) return now - Number(duration[1]) * UNITS[duration[2]!]!;
  const at = /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new UsageError(
      `--since takes a duration such as 10m, 2h or 7d, or a date such as 2026-12-07, not "${value}"`,
    );
  }
  return at;
}
