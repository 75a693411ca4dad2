import type { Clock } from '../clock';
import { namedDate } from './dateFormat';
import { randomValue } from './randomValues';

export interface SystemSources {
  readonly clock: Clock;
  /** A number in [0, 1). */
  readonly random: () => number;
  readonly guid: () => string;
  /** `{{$processEnv NAME}}` reads it; without it (the panel) the variable is left as written. */
  readonly processEnv?: (name: string) => string | undefined;
  /** `{{$dotenv NAME}}` reads it (the `.env` beside a `.http` file); without it the variable is left as written. */
  readonly dotenv?: (name: string) => string | undefined;
}

/** What a `{{$processEnv X}}` or `{{$dotenv X}}` gets when X is not set: it is named as missing. */
export interface SystemMissing {
  readonly missing: string;
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
 * The value of a system variable written as `{{$name arg…}}` (`words` split on spaces, quotes kept together), as
 * REST Client and JetBrains write them: `$guid` and `$uuid`; `$timestamp` (seconds) and `$isoTimestamp`, each with
 * an optional offset such as `-1 d`; `$datetime` and `$localDatetime` with `rfc1123`, `iso8601` or a day.js format,
 * then an optional offset; `$randomInt min max` (from min up to, not including, max; 0 to 1000 without them);
 * `$random.*`; `$processEnv NAME` and `$dotenv NAME` when their sources are given. Undefined for a name it does not
 * know (or whose source is not given).
 */
export function systemVariable(
  words: readonly string[],
  sources: SystemSources,
): string | SystemProblem | SystemMissing | undefined {
  const [name = '', ...args] = words;
  if (name.startsWith('$random.')) return randomValue(words.join(''), sources);
  switch (name) {
    case '$guid':
    case '$uuid':
      return args.length === 0 ? sources.guid() : { problem: `${name} takes no arguments.` };
    case '$datetime':
    case '$localDatetime': {
      const [format, ...offset] = args;
      if (format === undefined || format === '') {
        return { problem: `${name} needs a format: rfc1123, iso8601 or one in quotes such as "YYYY-MM-DD".` };
      }
      const at = offsetTime(sources.clock.now(), offset);
      return typeof at === 'number' ? namedDate(at, format, name === '$localDatetime') : at;
    }
    case '$processEnv':
    case '$dotenv': {
      const source = name === '$processEnv' ? sources.processEnv : sources.dotenv;
      if (source === undefined) return undefined;
      const [variable = ''] = args;
      if (args.length !== 1 || variable === '') return { problem: `${name} takes the name of one variable.` };
      const value = source(variable);
      return value ?? { missing: `${name} ${variable}` };
    }
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
  const [low = '0', high = '1000'] = args;
  if ((args.length !== 2 && args.length !== 0) || !INTEGER.test(low) || !INTEGER.test(high)) {
    return { problem: '$randomInt takes two whole numbers, the lowest value and the one above the highest.' };
  }
  const min = Number(low);
  const max = Number(high);
  if (min >= max) return { problem: `${min} is not below ${max}.` };
  return String(min + Math.floor(random() * (max - min)));
}
