import { numberEnd, skipSpace, stringEnd } from '../json/tokens';

/**
 * Why `text` is not JSON, as `<what> is not valid JSON at line L, column C: reason.`; undefined when it parses.
 * The line and column are found by a scan of the text (JSON.parse does not always say where).
 */
export function jsonProblem(text: string, what: string): string | undefined {
  let reason: string;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    reason = cleanReason(error instanceof Error ? error.message : String(error));
  }
  const at = Math.min(errorAt(text), text.length);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - (before.lastIndexOf('\n') + 1) + 1;
  return `${what} is not valid JSON at line ${line}, column ${column}: ${reason}.`;
}

function cleanReason(message: string): string {
  const reason = message
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/( in JSON)? at position \d+.*$/s, '')
    .replace(/, (\.\.\.)?".*$/s, '')
    .replace(/^Unexpected end of JSON input$/, 'the text ends before the JSON does')
    .slice(0, 200);
  return reason === '' ? 'it cannot be read' : reason;
}

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const LITERALS = ['true', 'false', 'null'];

/** Where the first thing JSON does not allow is, for text that JSON.parse refused (its length if it ends early). */
function errorAt(text: string): number {
  const open: number[] = [];
  let i = skipSpace(text, 0);
  let wantValue = true;
  for (;;) {
    i = skipSpace(text, i);
    if (i >= text.length) return text.length;
    const c = text.charCodeAt(i);
    if (wantValue) {
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        const close = c === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY;
        const next = skipSpace(text, i + 1);
        if (text.charCodeAt(next) === close) {
          i = next + 1;
          wantValue = false;
          continue;
        }
        open.push(c);
        i = c === OPEN_OBJECT ? memberStart(text, next) : next;
        if (i < 0) return -i - 1;
        continue;
      }
      const literal = LITERALS.find((word) => text.startsWith(word, i));
      const end = c === 0x22 ? stringEnd(text, i) : literal ? i + literal.length : numberEnd(text, i);
      if (end < 0) return i;
      i = end;
      wantValue = false;
      continue;
    }
    const top = open[open.length - 1];
    if (top === undefined) return i;
    if (c === 0x2c) {
      i = top === OPEN_OBJECT ? memberStart(text, skipSpace(text, i + 1)) : i + 1;
      if (i < 0) return -i - 1;
      wantValue = true;
    } else if ((c === CLOSE_OBJECT && top === OPEN_OBJECT) || (c === CLOSE_ARRAY && top === OPEN_ARRAY)) {
      open.pop();
      i++;
    } else return i;
  }
}

/** After a member's `"key":` starting at `i`; `-(where it went wrong) - 1` when it is not one. */
function memberStart(text: string, i: number): number {
  if (text.charCodeAt(i) !== 0x22) return -i - 1;
  const end = stringEnd(text, i);
  if (end < 0) return -i - 1;
  const colon = skipSpace(text, end);
  return text.charCodeAt(colon) === 0x3a ? colon + 1 : -colon - 1;
}
