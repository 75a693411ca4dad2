/** The deepest nesting PushPull formats; deeper documents are shown as they came. */
export const MAX_JSON_DEPTH = 512;

export type Normalized =
  | { readonly kind: 'json'; readonly text: string }
  | { readonly kind: 'text'; readonly text: string; readonly reason: 'not-json' | 'too-deep' | 'empty' };

/** Nesting depth of JSON text, counted without parsing (strings skipped), stopping early past `limit`. */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** Parses JSON and prints it with sorted keys and two-space indent; anything else is returned as text. */
export function normalizeJson(text: string): Normalized {
  if (text.trim() === '') return { kind: 'text', text, reason: 'empty' };
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return { kind: 'text', text, reason: 'too-deep' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'text', text, reason: 'not-json' };
  }
  return { kind: 'json', text: printSorted(value, '') };
}

/** Pretty-prints a parsed JSON value with object keys sorted. Never builds new objects, so keys such as `__proto__` stay plain data. */
export function printSorted(value: unknown, indent: string): string {
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
