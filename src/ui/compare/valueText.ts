import type { ComparedValue } from '../../core/compare/types';
import { unicodeEscape, unsafeCharsBeyondC0 } from '../../core/unsafeChars';

/** Characters of a value a summary row shows at most. */
export const VALUE_TEXT_MAX = 80;
const UNSAFE = unsafeCharsBeyondC0();

/**
 * A short, one-line, safe preview of a value from a payload: JSON-like, nested values past the second level as
 * `{…}` / `[…]`, cut at `max` characters, every character that could hide or reorder text escaped. Bounded work
 * whatever the value's depth or size.
 */
export function valueText(value: ComparedValue, max = VALUE_TEXT_MAX): string {
  const out: string[] = [];
  let length = 0;
  const write = (text: string): boolean => {
    out.push(text);
    length += text.length;
    return length <= max;
  };
  const walk = (v: ComparedValue, depth: number): boolean => {
    if (v === null || typeof v !== 'object') return write(scalar(v, max));
    if (Array.isArray(v)) {
      if (v.length === 0) return write('[]');
      if (depth >= 2) return write('[…]');
      if (!write('[')) return false;
      for (let i = 0; i < v.length; i++) {
        if ((i > 0 && !write(', ')) || !walk(v[i] as ComparedValue, depth + 1)) return false;
      }
      return write(']');
    }
    const record = v as { readonly [key: string]: ComparedValue };
    const keys = Object.keys(record);
    if (keys.length === 0) return write('{}');
    if (depth >= 2) return write('{…}');
    if (!write('{')) return false;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if ((i > 0 && !write(', ')) || !write(`${scalar(key, max)}: `)) return false;
      if (!walk(record[key] as ComparedValue, depth + 1)) return false;
    }
    return write('}');
  };
  walk(value, 0);
  const text = out.join('');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function scalar(value: string | number | boolean | null, max: number): string {
  if (typeof value !== 'string') return String(value);
  // JSON.stringify escapes quotes, backslashes and C0 controls; the rest of the unsafe set is escaped here.
  return JSON.stringify(value.slice(0, max + 1)).replace(UNSAFE, unicodeEscape);
}
