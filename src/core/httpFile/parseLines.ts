import type { HttpRange } from './types';

/*
 * Lines and what a single line is, for the `.http` parser. Every function here looks at one line once, from left
 * to right, with plain character tests: no regular expression that could backtrack on a hostile line.
 */

/** The file's lines, split as VS Code splits them (`\r\n`, `\n` or a lone `\r`), without a leading BOM. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lines.push(text.slice(start, i));
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  return lines;
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff;
}

/** Index of the first character that is not a space, or the line's length. */
export function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && isSpace(line.charCodeAt(i))) i++;
  return i;
}

/** Index after the last character that is not a space (≥ `from`). */
export function contentEnd(line: string, from = 0): number {
  let end = line.length;
  while (end > from && isSpace(line.charCodeAt(end - 1))) end--;
  return end;
}

/** Index of the first space at or after `from`, or the line's length. */
export function nextSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && !isSpace(text.charCodeAt(i))) i++;
  return i;
}

export function trimmed(line: string): string {
  const start = indentOf(line);
  return line.slice(start, contentEnd(line, start));
}

/** The range of a line's content (without its outer spaces). */
export function lineRange(index: number, line: string): HttpRange {
  const start = indentOf(line);
  return { start: { line: index, column: start }, end: { line: index, column: contentEnd(line, start) } };
}

/** From the start of line `first` to the end of line `last`. */
export function spanRange(first: number, last: number, lastLine: string): HttpRange {
  return { start: { line: first, column: 0 }, end: { line: last, column: lastLine.length } };
}

/** `###` and more: a request separator (what follows is the next request's title). */
export function isSeparator(t: string): boolean {
  return t.startsWith('###');
}

/** `# …` or `// …` (not a separator). */
export function isComment(t: string): boolean {
  return (t.startsWith('#') && !t.startsWith('###')) || t.startsWith('//');
}

/** The separator's title: the text after the `#`s, or null. */
export function separatorTitle(t: string): string | null {
  let i = 0;
  while (t.charCodeAt(i) === 35) i++;
  const title = trimmed(t.slice(i));
  return title === '' ? null : title;
}

/** `# @key value`, `// @key value`, `# @key = value`, `# @key=value` → key and value; null for other comments. */
export function metadataOf(t: string): { key: string; value: string } | null {
  let i = 0;
  const mark = t.charCodeAt(0);
  while (i < t.length && t.charCodeAt(i) === mark) i++;
  while (i < t.length && isSpace(t.charCodeAt(i))) i++;
  if (t.charCodeAt(i) !== 64 /* @ */) return null;
  const keyStart = i + 1;
  let keyEnd = keyStart;
  while (keyEnd < t.length && !isSpace(t.charCodeAt(keyEnd)) && t.charCodeAt(keyEnd) !== 61 /* = */) keyEnd++;
  if (keyEnd === keyStart) return null;
  let rest = trimmed(t.slice(keyEnd));
  if (rest.startsWith('=')) rest = trimmed(rest.slice(1));
  return { key: t.slice(keyStart, keyEnd), value: rest };
}

/** `@name = value` → name and value; 'bad' for an `@` line that is not one; null for other lines. */
export function variableOf(t: string): { name: string; value: string } | 'bad' | null {
  if (t.charCodeAt(0) !== 64 /* @ */) return null;
  let i = 1;
  while (i < t.length && !isSpace(t.charCodeAt(i)) && t.charCodeAt(i) !== 61) i++;
  const name = t.slice(1, i);
  while (i < t.length && isSpace(t.charCodeAt(i))) i++;
  if (name === '' || t.charCodeAt(i) !== 61) return 'bad';
  return { name, value: trimmed(t.slice(i + 1)) };
}

/** `< ./file`, `<@ ./file`, `<@latin1 ./file`: the body part read from a file; null for other lines. */
export function fileRefOf(t: string): { path: string; substitute: boolean; encoding: string | null } | null {
  if (t.charCodeAt(0) !== 60 /* < */) return null;
  let i = 1;
  let substitute = false;
  let encoding: string | null = null;
  if (t.charCodeAt(1) === 64 /* @ */) {
    substitute = true;
    i = 2;
    while (i < t.length && isWordChar(t.charCodeAt(i))) i++;
    if (i > 2) encoding = t.slice(2, i);
  }
  if (i >= t.length || !isSpace(t.charCodeAt(i))) return null;
  const path = trimmed(t.slice(i));
  if (path === '' || path.startsWith('{%')) return null;
  return { path, substitute, encoding };
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
}

/** `< {% …` (JetBrains' pre-request script): the text after `{%`, or null. */
export function preRequestScriptOf(t: string): string | null {
  if (t.charCodeAt(0) !== 60) return null;
  const rest = trimmed(t.slice(1));
  return rest.startsWith('{%') ? rest.slice(2) : null;
}

export type ResponseLine =
  | { readonly kind: 'inlineHandler'; readonly rest: string }
  | { readonly kind: 'fileHandler'; readonly path: string; readonly output?: 'create' | 'overwrite' }
  | { readonly kind: 'responseReference'; readonly path: string };

/** `> {% …`, `> ./file.js`, `>> ./file`, `>>! ./file`, `<> ./file`; null for other lines. */
export function responseLineOf(t: string): ResponseLine | null {
  if (t.startsWith('<>')) {
    const path = trimmed(t.slice(2));
    return path === '' || !isSpace(t.charCodeAt(2)) ? null : { kind: 'responseReference', path };
  }
  if (t.charCodeAt(0) !== 62 /* > */) return null;
  if (t.startsWith('>>')) {
    const overwrite = t.charCodeAt(2) === 33; /* ! */
    const path = trimmed(t.slice(overwrite ? 3 : 2));
    return path === '' ? null : { kind: 'fileHandler', path, output: overwrite ? 'overwrite' : 'create' };
  }
  const rest = trimmed(t.slice(1));
  if (rest.startsWith('{%')) return { kind: 'inlineHandler', rest: rest.slice(2) };
  if (rest === '' || !isSpace(t.charCodeAt(1))) return null;
  return { kind: 'fileHandler', path: rest };
}

/** `?? status == 200` → the text after `??`; null for other lines. */
export function assertionOf(t: string): string | null {
  if (!t.startsWith('??')) return null;
  if (t.length > 2 && !isSpace(t.charCodeAt(2))) return null;
  return trimmed(t.slice(2));
}

/** httpYac's script opener: a line starting with `{{` that does not close on it. The text after `{{`, or null. */
export function scriptOpenerOf(t: string): string | null {
  if (!t.startsWith('{{') || t.includes('}}')) return null;
  return trimmed(t.slice(2));
}
