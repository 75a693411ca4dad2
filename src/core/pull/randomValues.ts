/**
 * JetBrains' `{{$random.*}}` values that are plain values (no scripting): `$random.uuid`, `$random.email`,
 * `$random.integer(from, to)`, `$random.float(from, to)`, `$random.alphabetic(n)`, `$random.alphanumeric(n)`,
 * `$random.hexadecimal(n)`.
 */

/** The longest random text one variable gives. */
const MAX_LENGTH = 10_000;
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const HEX = '0123456789abcdef';
const NUMBER = /^[+-]?\d{1,15}(?:\.\d{1,15})?$/;

export interface RandomSources {
  /** A number in [0, 1). */
  readonly random: () => number;
  readonly guid: () => string;
}

/** The value of `$random.…` (written without spaces), a sentence saying what is wrong, or undefined if unknown. */
export function randomValue(text: string, sources: RandomSources): string | { problem: string } | undefined {
  const call = /^\$random\.([A-Za-z]+)(?:\((.*)\))?$/.exec(text);
  if (!call) return undefined;
  const [, kind = '', list] = call;
  const args = list === undefined || list.trim() === '' ? [] : list.split(',').map((a) => a.trim());
  const pick = (alphabet: string): string => alphabet[Math.floor(sources.random() * alphabet.length)] ?? '';
  switch (kind) {
    case 'uuid':
      return args.length === 0 ? sources.guid() : { problem: '$random.uuid takes no arguments.' };
    case 'email': {
      const name = Array.from({ length: 10 }, () => pick(LETTERS + DIGITS).toLowerCase()).join('');
      return `${name}@example.com`;
    }
    case 'integer':
    case 'float': {
      const [low = '0', high = '1000'] = args;
      if (args.length > 2 || !NUMBER.test(low) || !NUMBER.test(high) || Number(low) >= Number(high)) {
        return { problem: `$random.${kind}(from, to) takes two numbers, the first below the second.` };
      }
      const value = Number(low) + sources.random() * (Number(high) - Number(low));
      return kind === 'float' ? String(value) : String(Math.floor(value));
    }
    case 'alphabetic':
    case 'alphanumeric':
    case 'hexadecimal': {
      const [count = '10'] = args;
      if (args.length > 1 || !/^\d{1,5}$/.test(count) || Number(count) > MAX_LENGTH) {
        return { problem: `$random.${kind}(length) takes a length from 0 to ${MAX_LENGTH}.` };
      }
      const alphabet = kind === 'alphabetic' ? LETTERS : kind === 'alphanumeric' ? LETTERS + DIGITS + '_' : HEX;
      return Array.from({ length: Number(count) }, () => pick(alphabet)).join('');
    }
    default:
      return undefined;
  }
}
