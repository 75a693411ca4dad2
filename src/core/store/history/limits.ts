import type { HistoryLimits } from '../../model/history';
import type { RotationLimits } from '../journal/writer';
import { HistoryOptionsError } from './errors';

export const DEFAULT_MAX_EXCHANGES = 2_000;
export const DEFAULT_MAX_HISTORY_BYTES = 512 * 1024 * 1024;

/** Bodies up to this size are kept inside their record; larger ones in a file of `bodies/`. */
export const INLINE_BODY_BYTES = 64 * 1024;

/** What a summary keeps in memory of the URL and other sender-chosen strings; the record keeps them whole. */
export const SUMMARY_URL_CHARS = 2048;
export const SUMMARY_TEXT_CHARS = 200;

/** A new segment after this many records or bytes: small enough that retention frees disk space in steps. */
export const ROTATION: RotationLimits = { segmentBytes: 8 * 1024 * 1024, segmentRecords: 1024 };

/** `limits` checked, defaults filled in; HISTORY_BAD_OPTIONS for a negative or fractional one. */
export function historyLimitsOf(limits: Partial<HistoryLimits> | undefined): HistoryLimits {
  const maxExchanges = limits?.maxExchanges ?? DEFAULT_MAX_EXCHANGES;
  const maxBytes = limits?.maxBytes ?? DEFAULT_MAX_HISTORY_BYTES;
  for (const [name, value] of [
    ['maxExchanges', maxExchanges],
    ['maxBytes', maxBytes],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new HistoryOptionsError(`The history's ${name} must be a whole number ≥ 0 (0 = no limit), not ${value}.`);
    }
  }
  return { maxExchanges, maxBytes };
}
