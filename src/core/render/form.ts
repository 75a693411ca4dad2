import { parseQuery } from '../model/url';
import { unicodeEscape, unsafeChars } from '../unsafeChars';

/**
 * A form-urlencoded body as one decoded `name = value` line per field, in order, escaped as in a `.properties`
 * file so that every field is exactly one line and reads back the same: `\` and line breaks, tabs, other control and
 * invisible characters in names and values; `=`, `:`, spaces and a leading `#` or `!` in names; a value's leading
 * space.
 */
export function formatForm(text: string): string {
  return parseQuery(text.trim())
    .map(([name, value]) => `${escapeName(name)} = ${escapeValue(value)}`)
    .join('\n');
}

/** Characters shown as an escape: `\`, C0 and C1 controls, DEL, line separators, zero-width and bidi controls. */
const SPECIAL = unsafeChars('\\\\\\t');

const SHORT: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\f': '\\f' };

function escapeText(text: string): string {
  return text.replace(SPECIAL, (c) => SHORT[c] ?? unicodeEscape(c));
}

function escapeValue(value: string): string {
  return escapeText(value).replace(/^ /, '\\ ');
}

function escapeName(name: string): string {
  return escapeText(name)
    .replace(/[=: ]/g, (c) => `\\${c}`)
    .replace(/^[#!]/, (c) => `\\${c}`);
}
