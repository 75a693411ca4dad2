import { StoreOptionsError } from '../journal/errors';
import type { RetentionLimits } from './hookIndex';
import type { RotationLimits } from '../journal/writer';

export const DEFAULT_MAX_HOOKS = 10_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;

/** The retention limits of `options`, defaults filled in; STORE_BAD_OPTIONS for a negative or fractional one. */
export function limitsOf(options: { readonly maxHooks?: number; readonly maxBytes?: number }): RetentionLimits {
  const maxHooks = options.maxHooks ?? DEFAULT_MAX_HOOKS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  for (const [name, value] of [
    ['maxHooks', maxHooks],
    ['maxBytes', maxBytes],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new StoreOptionsError(`${name} must be a whole number ≥ 0 (0 = no limit), not ${value}.`);
    }
  }
  return { maxHooks, maxBytes };
}

/**
 * Most records per segment by default. The writer keeps the heads of the active segment's records (up to
 * 4 MiB) to write its index file when it is sealed; past that it reads the whole segment back, which under
 * load costs the listener more than a few extra files. About 1.3 KB of head per GitHub-like hook fits 2,048.
 */
const MAX_SEGMENT_RECORDS = 2048;

/** When to start a new segment: about an eighth of the limits, unless the options say. */
export function rotationOf(
  limits: RetentionLimits,
  options: { readonly segmentBytes?: number; readonly segmentHooks?: number },
): RotationLimits {
  const bytes = limits.maxBytes > 0 ? Math.min(64 * MIB, Math.max(MIB, Math.floor(limits.maxBytes / 8))) : 64 * MIB;
  const records =
    limits.maxHooks > 0
      ? Math.min(MAX_SEGMENT_RECORDS, Math.max(16, Math.ceil(limits.maxHooks / 8)))
      : MAX_SEGMENT_RECORDS;
  return { segmentBytes: options.segmentBytes ?? bytes, segmentRecords: options.segmentHooks ?? records };
}
