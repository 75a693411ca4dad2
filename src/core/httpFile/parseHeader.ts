import { trimmed } from './parseLines';

/*
 * Header lines: `Name: value`. The name is a token (RFC 9110) or contains `{{variables}}`; the value is kept as
 * written (outer spaces removed), variables unresolved.
 */

/** `Name: value` → name and value; null when the line is not a header. */
export function headerOf(t: string): { name: string; value: string } | null {
  const colon = t.indexOf(':');
  if (colon <= 0) return null;
  const name = trimmed(t.slice(0, colon));
  if (!isHeaderName(name)) return null;
  return { name, value: trimmed(t.slice(colon + 1)) };
}

/** An indented line that reads as a header (`Name: value`, a space or nothing after the colon), not a URL part. */
export function isHeaderLike(t: string): boolean {
  const colon = t.indexOf(':');
  if (colon <= 0 || !isHeaderName(t.slice(0, colon))) return false;
  const next = t.charCodeAt(colon + 1);
  return Number.isNaN(next) || next === 32 || next === 9;
}

function isHeaderName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    if (!isNameChar(name.charCodeAt(i))) return false;
  }
  return true;
}

/** tchar of RFC 9110, plus `{` and `}` for `{{variables}}`. */
function isNameChar(c: number): boolean {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  return "!#$%&'*+-.^_`|~{}".includes(String.fromCharCode(c));
}
