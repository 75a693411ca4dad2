import type { Clock } from '../clock';

export interface SystemSources {
  readonly clock: Clock;
  /** A number in [0, 1). */
  readonly random: () => number;
  readonly guid: () => string;
}

/** What a `{{$…}}` with a known name but unusable arguments gets: a sentence saying what is wrong. */
export interface SystemProblem {
  readonly problem: string;
}

const FIXED_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};
const UNITS = 'ms, s, m, h, d, w, M or y';
const INTEGER = /^[+-]?\d{1,15}$/;

/**
 * The value of a system variable written as `{{$name arg…}}` (`words` split on spaces), as REST Client writes them:
 * `$guid`; `$timestamp` (seconds) and `$isoTimestamp`, each with an optional offset such as `-1 d`;
 * `$randomInt min max` (from min up to, not including, max). Undefined for a name it does not know.
 */
export function systemVariable(words: readonly string[], sources: SystemSources): string | SystemProblem | undefined {
  const [name, ...args] = words;
  switch (name) {
    case '$guid':
      return args.length === 0 ? sources.guid() : { problem: '$guid takes no arguments.' };
    case '$timestamp':
    case '$isoTimestamp': {
      const at = offsetTime(sources.clock.now(), args);
      if (typeof at !== 'number') return at;
      return name === '$timestamp' ? String(Math.floor(at / 1000)) : new Date(at).toISOString();
    }
    case '$randomInt':
      return randomInt(args, sources.random);
    default:
      return undefined;
  }
}

function offsetTime(now: number, args: readonly string[]): number | SystemProblem {
  if (args.length === 0) return now;
  const [amount = '', unit = ''] = args;
  if (args.length !== 2 || !INTEGER.test(amount)) {
    return { problem: `an offset is a whole number and a unit (${UNITS}), such as "-1 d".` };
  }
  const n = Number(amount);
  const date = new Date(now);
  if (Object.hasOwn(FIXED_UNITS, unit)) date.setTime(now + n * (FIXED_UNITS[unit] as number));
  else if (unit === 'M') date.setUTCMonth(date.getUTCMonth() + n);
  else if (unit === 'y') date.setUTCFullYear(date.getUTCFullYear() + n);
  else return { problem: `"${unit.slice(0, 20)}" is not a unit of time; use ${UNITS}.` };
  const at = date.getTime();
  return Number.isFinite(at) ? at : { problem: 'the offset goes beyond the dates a computer can show.' };
}

function randomInt(args: readonly string[], random: () => number): string | SystemProblem {
  const [low = '', high = ''] = args;
  if (args.length !== 2 || !INTEGER.test(low) || !INTEGER.test(high)) {
    return { problem: '$randomInt takes two whole numbers, the lowest value and the one above the highest.' };
  }
  const min = Number(low);
  const max = Number(high);
  if (min >= max) return { problem: `${min} is not below ${max}.` };
  return String(min + Math.floor(random() * (max - min)));
}
