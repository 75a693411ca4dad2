import { type DuplicateKeyInfo, isLosslessNumber, LosslessNumber, parse } from 'lossless-json';
import { jsonDepth, MAX_JSON_DEPTH } from './depth';
import { numberEnd, stringEnd } from './tokens';

export type CanonicalJson =
  | { readonly kind: 'json'; readonly text: string }
  | { readonly kind: 'text'; readonly text: string; readonly reason: 'not-json' | 'too-deep' | 'empty' };

/**
 * JSON text in one form whatever its layout, for comparing: object keys sorted at every level, two-space indent.
 * Anything that is not JSON (by RFC 8259, as `JSON.parse` reads it), or nests deeper than `MAX_JSON_DEPTH`, is
 * returned as text, with the reason.
 */
export function canonicalJson(text: string): CanonicalJson {
  if (text.trim() === '') return { kind: 'text', text, reason: 'empty' };
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return { kind: 'text', text, reason: 'too-deep' };
  let value: unknown;
  try {
    // lossless-json reads the same grammar as `JSON.parse`, several times slower: it is used only where it is needed.
    value = hasInexactNumber(text)
      ? parse(text, null, { parseNumber: exactNumber, onDuplicateKey: lastValue })
      : JSON.parse(text);
  } catch {
    return { kind: 'text', text, reason: 'not-json' };
  }
  return { kind: 'json', text: printSorted(value, '') };
}

/**
 * Numbers past 2^53 (a double drops their digits, however they are written: `12345678901234567891.0`) and `1e400`
 * would compare equal to other numbers once parsed: they stay as written. Numbers a double holds are left to JSON,
 * so `1.10` and `1.1` still compare equal.
 */
function exactNumber(raw: string): number | LosslessNumber {
  return fitsDouble(raw) ? Number(raw) : new LosslessNumber(raw);
}

function fitsDouble(raw: string): boolean {
  const number = Number(raw);
  return Number.isFinite(number) && Math.abs(number) <= Number.MAX_SAFE_INTEGER;
}

/** Whether the text holds a number that does not fit a double, scanned without parsing; true when it is not JSON. */
function hasInexactNumber(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x22 && c !== 0x2d && (c < 0x30 || c > 0x39)) continue;
    const end = c === 0x22 ? stringEnd(text, i) : numberEnd(text, i);
    if (end < 0 || (c !== 0x22 && mayBeInexact(text, i, end) && !fitsDouble(text.slice(i, end)))) return true;
    i = end - 1;
  }
  return false;
}

/** Whether a number token may not fit a double: 16 characters or more, or an exponent (`1e400`). */
function mayBeInexact(text: string, start: number, end: number): boolean {
  if (end - start > 15) return true;
  for (let i = start; i < end; i++) if ((text.charCodeAt(i) | 0x20) === 0x65) return true;
  return false;
}

/** A key given twice keeps its last value, as with `JSON.parse`. */
function lastValue(duplicate: DuplicateKeyInfo): unknown {
  return duplicate.newValue;
}

/** Pretty-prints a parsed JSON value with object keys sorted. Never builds new objects, so keys such as `__proto__` stay plain data. */
function printSorted(value: unknown, indent: string): string {
  if (isLosslessNumber(value)) return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + printSorted(item, inner)).join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value).sort();
  if (keys.length === 0) return '{}';
  const record = value as Record<string, unknown>;
  const lines = keys.map((key) => `${inner}${JSON.stringify(key)}: ${printSorted(record[key], inner)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

/**
 * Parses JSON text as `canonicalJson` reads it: numbers a double cannot hold kept as `LosslessNumber`s, a key given
 * twice keeping its last value. Throws a `SyntaxError` on text that is not JSON; the caller bounds its depth first.
 */
export function parseExactJson(text: string): unknown {
  return hasInexactNumber(text)
    ? parse(text, null, { parseNumber: exactNumber, onDuplicateKey: lastValue })
    : JSON.parse(text);
}
