import { MAX_JSON_DEPTH } from './depth';
import { numberEnd, skipSpace, stringEnd } from './tokens';

/** Formatted text longer than this (in characters) is not made: the body is then shown as it came. */
const MAX_PRETTY_CHARS = 32 * 1024 * 1024;

/** Where the scanner is between tokens. */
const enum Expect {
  /** Any value (after `:` or `,` in an array). */
  Value,
  /** A value or `]` (just after `[`). */
  ValueOrClose,
  /** A key (after `,` in an object). */
  Key,
  /** A key or `}` (just after `{`). */
  KeyOrClose,
  /** `:` after a key. */
  Colon,
  /** `,`, the container's close, or the end of the text after the outermost value. */
  CommaOrClose,
}

const LITERALS = ['true', 'false', 'null'];

/**
 * A JSON object or array re-indented by two spaces, token by token, in one pass over the text: strings, numbers,
 * literals and keys are copied exactly as written (big integers, `1.10`, `-0`, `1e400`, `\u` escapes and duplicate
 * keys stay), only the whitespace between tokens changes. Returns undefined for anything that is not valid JSON
 * (by RFC 8259, as `JSON.parse` reads it) with an object or array at the top, nests deeper than `maxDepth`, or
 * would print longer than `maxChars`.
 */
export function prettyJson(text: string, maxDepth = MAX_JSON_DEPTH, maxChars = MAX_PRETTY_CHARS): string | undefined {
  const out = new Output();
  const breaks = ['\n']; // a line break and the indentation of each depth
  const lineBreak = (depth: number): string => (breaks[depth] ??= `\n${'  '.repeat(depth)}`);
  const stack: number[] = []; // 0x7d or 0x5d: the close each open container waits for
  let i = skipSpace(text, 0);
  const first = text.charCodeAt(i);
  if (first !== 0x7b && first !== 0x5b) return undefined;
  let expect = Expect.Value;
  while (true) {
    if (out.length > maxChars) return undefined;
    i = skipSpace(text, i);
    const c = text.charCodeAt(i);
    if (expect === Expect.KeyOrClose || expect === Expect.ValueOrClose) {
      // Just after `{` or `[`: either it closes at once (`{}`, `[]`) or its first member goes on a new line.
      if (c === stack[stack.length - 1]) {
        out.char(c);
        stack.pop();
        expect = Expect.CommaOrClose;
        i++;
        continue;
      }
      out.text(lineBreak(stack.length));
      expect = expect === Expect.KeyOrClose ? Expect.Key : Expect.Value;
    }
    if (expect === Expect.CommaOrClose) {
      const close = stack[stack.length - 1];
      if (close === undefined) return i === text.length ? out.toString() : undefined;
      if (c === 0x2c) {
        out.char(0x2c);
        out.text(lineBreak(stack.length));
        expect = close === 0x7d ? Expect.Key : Expect.Value;
      } else if (c === close) {
        stack.pop();
        out.text(lineBreak(stack.length));
        out.char(c);
      } else return undefined;
      i++;
      continue;
    }
    if (expect === Expect.Colon) {
      if (c !== 0x3a) return undefined;
      out.text(': ');
      expect = Expect.Value;
      i++;
      continue;
    }
    if (expect === Expect.Key) {
      if (c !== 0x22) return undefined;
      const end = stringEnd(text, i);
      if (end < 0) return undefined;
      out.copy(text, i, end);
      i = end;
      expect = Expect.Colon;
      continue;
    }
    // A value.
    if (c === 0x7b || c === 0x5b) {
      if (stack.length >= maxDepth) return undefined;
      stack.push(c + 2);
      out.char(c);
      expect = c === 0x7b ? Expect.KeyOrClose : Expect.ValueOrClose;
      i++;
      continue;
    }
    let end: number;
    if (c === 0x22) end = stringEnd(text, i);
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      end = numberEnd(text, i);
    } else {
      const literal = LITERALS.find((word) => text.startsWith(word, i));
      end = literal ? i + literal.length : -1;
    }
    if (end < 0) return undefined;
    out.copy(text, i, end);
    i = end;
    expect = Expect.CommaOrClose;
  }
}

/** Text built from many small pieces: UTF-16 code units in a growing array, made a string once at the end. */
class Output {
  private units = new Uint16Array(1 << 16);
  length = 0;

  char(code: number): void {
    this.reserve(1);
    this.units[this.length++] = code;
  }

  text(piece: string): void {
    this.copy(piece, 0, piece.length);
  }

  copy(source: string, start: number, end: number): void {
    this.reserve(end - start);
    for (let i = start; i < end; i++) this.units[this.length++] = source.charCodeAt(i);
  }

  toString(): string {
    const chunks: string[] = [];
    for (let i = 0; i < this.length; i += 8192) {
      chunks.push(String.fromCharCode(...this.units.subarray(i, Math.min(i + 8192, this.length))));
    }
    return chunks.join('');
  }

  private reserve(count: number): void {
    if (this.length + count <= this.units.length) return;
    const grown = new Uint16Array(Math.max(this.units.length * 2, this.length + count));
    grown.set(this.units.subarray(0, this.length));
    this.units = grown;
  }
}
