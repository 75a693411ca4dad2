import { StoreOptionsError } from './errors';
import type { RetentionLimits } from './hookIndex';
import type { RotationLimits } from './writer';

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

/** When to start a new segment: about an eighth of the limits, unless the options say. */
export function rotationOf(
  limits: RetentionLimits,
  options: { readonly segmentBytes?: number; readonly segmentHooks?: number },
): RotationLimits {
  const bytes = limits.maxBytes > 0 ? Math.min(64 * MIB, Math.max(MIB, Math.floor(limits.maxBytes / 8))) : 64 * MIB;
  const records = limits.maxHooks > 0 ? Math.max(16, Math.ceil(limits.maxHooks / 8)) : Infinity;
  return { segmentBytes: options.segmentBytes ?? bytes, segmentRecords: options.segmentHooks ?? records };
}
