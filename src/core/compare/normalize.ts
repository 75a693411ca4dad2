import { jsonDepth, MAX_JSON_DEPTH } from '../json/depth';
import { numberEnd, stringEnd } from '../json/tokens';

export type Normalized =
  | { readonly kind: 'json'; readonly text: string }
  | { readonly kind: 'text'; readonly text: string; readonly reason: 'not-json' | 'too-deep' | 'empty' };

/** Parses JSON and prints it with sorted keys and two-space indent; anything else is returned as text. */
export function normalizeJson(text: string): Normalized {
  if (text.trim() === '') return { kind: 'text', text, reason: 'empty' };
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return { kind: 'text', text, reason: 'too-deep' };
  const marked = markExactNumbers(text);
  let value: unknown;
  try {
    // Marking quotes numbers: text that is not JSON (a number as a key) must not become JSON by it.
    if (marked.marker) JSON.parse(text);
    value = JSON.parse(marked.text);
  } catch {
    return { kind: 'text', text, reason: 'not-json' };
  }
  return { kind: 'json', text: printSorted(value, '', marked.marker) };
}

/**
 * Numbers past 2^53 (a double drops their digits) and `1e400` would compare equal to other numbers once
 * parsed: they are turned into marked strings first and printed back as they were written. Numbers a
 * double holds are left to JSON, so `1.10` and `1.1` still compare equal.
 */
function markExactNumbers(text: string): { text: string; marker: string | undefined } {
  let tag: string | undefined;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      // Not a JSON string: the text is not JSON, and JSON.parse says so.
      if (end < 0) return { text, marker: undefined };
      i = end - 1;
      continue;
    }
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) continue;
    const end = numberEnd(text, i);
    if (end < 0) return { text, marker: undefined };
    const raw = text.slice(i, end);
    const number = Number(raw);
    // Past 2^53 a double drops digits, however the number is written (`12345678901234567891.0`, `1e400`).
    const exact = Number.isFinite(number) && Math.abs(number) <= Number.MAX_SAFE_INTEGER;
    if (!exact) {
      tag ??= `pushpull-number-${Math.random().toString(36).slice(2)}:`;
      // A NUL, escaped in the JSON text, starts the marker: no string as sent could hold it by chance.
      out += `${text.slice(from, i)}"\\u0000${tag}${raw}"`;
      from = i + raw.length;
    }
    i += raw.length - 1;
  }
  return tag ? { text: out + text.slice(from), marker: `\u0000${tag}` } : { text, marker: undefined };
}

/** Pretty-prints a parsed JSON value with object keys sorted. Never builds new objects, so keys such as `__proto__` stay plain data. */
export function printSorted(value: unknown, indent: string, marker?: string): string {
  if (marker && typeof value === 'string' && value.startsWith(marker)) return value.slice(marker.length);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + printSorted(item, inner, marker)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value).sort();
  if (keys.length === 0) return '{}';
  const record = value as Record<string, unknown>;
  const lines = keys.map((key) => `${inner}${JSON.stringify(key)}: ${printSorted(record[key], inner, marker)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}
