/**
 * Reads a JSON body without building it: whether it is valid JSON (as `JSON.parse` of its UTF-8 text would
 * say) and the few string fields the view shows (`$.action`, `$.type`, `$.event`, `$.event.type`, …). Memory
 * stays a small fraction of the body, however it nests, and the scan hands the event loop back after every
 * `step` bytes, so a body of many MB never holds up the extension host.
 */

/** What a scan keeps: top-level string fields by key, and `$.event` when it is an object with a string `type`. */
export interface JsonScan {
  readonly valid: boolean;
  /** Null-prototype: a sender's `__proto__` key is a key like any other. Undefined when the top is not an object. */
  readonly top: Record<string, unknown> | undefined;
}

const WANTED = new Set(['action', 'type', 'event', 'event_type', 'eventType']);
const DEFAULT_STEP = 1 << 20;

const enum C {
  Quote = 0x22,
  Backslash = 0x5c,
  Comma = 0x2c,
  Colon = 0x3a,
  OpenObject = 0x7b,
  CloseObject = 0x7d,
  OpenArray = 0x5b,
  CloseArray = 0x5d,
}

/** What comes next at the current position. */
const enum Want {
  Value,
  /** After `{`: a key or `}`. */
  KeyOrEnd,
  /** After `,` in an object. */
  Key,
  Colon,
  /** After a value inside a container: `,` or its end. */
  CommaOrEnd,
  /** After `[`: a value or `]`. */
  ValueOrEnd,
  Done,
}

class Invalid extends Error {}

/** Gives the event loop a turn. */
const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function scanJson(body: Uint8Array, step = DEFAULT_STEP): Promise<JsonScan> {
  const scanner = new Scanner(body);
  try {
    for (let end = Math.min(step, body.length); ; end = Math.min(end + step, body.length)) {
      scanner.runTo(end);
      if (end >= body.length) break;
      await yieldTurn();
    }
    return { valid: scanner.finish(), top: scanner.top };
  } catch (error) {
    if (error instanceof Invalid) return { valid: false, top: undefined };
    throw error;
  }
}

class Scanner {
  /** Open containers, innermost last: 1 object, 2 array. Grows with the nesting, one byte a level. */
  private stack = new Uint8Array(64);
  private depth = 0;
  private want = Want.Value;
  private at = 0;
  /** The key just read at depth 1 or 2, if it is one the view wants. */
  private key: string | undefined;
  private underEvent = false;
  top: Record<string, unknown> | undefined;

  constructor(private readonly b: Uint8Array) {}

  /** Scans whole tokens until at least `end` (a token that started before it is finished). */
  runTo(end: number): void {
    const b = this.b;
    while (this.at < end) {
      const c = b[this.at] as number;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        this.at++;
        continue;
      }
      switch (this.want) {
        case Want.Value:
        case Want.ValueOrEnd:
          if (this.want === Want.ValueOrEnd && c === C.CloseArray) this.close(2);
          else this.value(c);
          break;
        case Want.KeyOrEnd:
        case Want.Key:
          if (this.want === Want.KeyOrEnd && c === C.CloseObject) this.close(1);
          else if (c === C.Quote) this.readKey();
          else throw new Invalid();
          break;
        case Want.Colon:
          if (c !== C.Colon) throw new Invalid();
          this.at++;
          this.want = Want.Value;
          break;
        case Want.CommaOrEnd:
          if (c === C.Comma) {
            this.at++;
            this.want = this.stack[this.depth - 1] === 1 ? Want.Key : Want.Value;
          } else if (c === C.CloseObject) this.close(1);
          else if (c === C.CloseArray) this.close(2);
          else throw new Invalid();
          break;
        case Want.Done:
          throw new Invalid();
      }
    }
  }

  finish(): boolean {
    return this.want === Want.Done;
  }

  private value(c: number): void {
    const key = this.key;
    this.key = undefined;
    if (c === C.OpenObject || c === C.OpenArray) {
      // A wanted field that holds an object or array is no string: it replaces an earlier string value.
      if (key !== undefined) this.keep(key, null);
      if (this.depth === 0 && c === C.OpenObject) this.top = Object.create(null) as Record<string, unknown>;
      if (this.depth === 1 && key === 'event' && c === C.OpenObject) this.underEvent = true;
      this.push(c === C.OpenObject ? 1 : 2);
      this.at++;
      this.want = c === C.OpenObject ? Want.KeyOrEnd : Want.ValueOrEnd;
      return;
    }
    const start = this.at;
    if (c === C.Quote) this.skipString();
    else if (c === 0x74) this.literal('true');
    else if (c === 0x66) this.literal('false');
    else if (c === 0x6e) this.literal('null');
    else this.number();
    if (key !== undefined) this.keep(key, c === C.Quote ? this.decode(start) : null);
    this.afterValue();
  }

  /** Keeps a wanted field's value (the last one, as `JSON.parse` does for a repeated key). */
  private keep(key: string, value: string | null): void {
    if (this.depth === 1 && this.top) this.top[key] = value;
    else if (this.depth === 2 && this.underEvent && this.top) {
      const event = Object.create(null) as Record<string, unknown>;
      event.type = value;
      this.top.event = event;
    }
  }

  private afterValue(): void {
    this.want = this.depth === 0 ? Want.Done : Want.CommaOrEnd;
  }

  private readKey(): void {
    const start = this.at;
    this.skipString();
    const wantedHere = (this.depth === 1 && this.top !== undefined) || (this.depth === 2 && this.underEvent);
    if (wantedHere) {
      const key = this.decode(start);
      const wanted = this.depth === 1 ? WANTED.has(key) : key === 'type';
      this.key = wanted ? key : undefined;
      // A later `event` that is not an object replaces an earlier one, as in `JSON.parse`.
      if (this.depth === 1 && key === 'event' && this.top) this.top.event = undefined;
    }
    this.want = Want.Colon;
  }

  private push(kind: number): void {
    if (this.depth === this.stack.length) {
      const bigger = new Uint8Array(this.stack.length * 2);
      bigger.set(this.stack);
      this.stack = bigger;
    }
    this.stack[this.depth++] = kind;
  }

  private close(kind: number): void {
    if (this.depth === 0 || this.stack[this.depth - 1] !== kind) throw new Invalid();
    this.depth--;
    if (this.depth === 1) this.underEvent = false;
    this.at++;
    this.afterValue();
  }

  /** The string token from `start` (its opening quote) to `this.at` (after its closing quote). */
  private decode(start: number): string {
    const text = Buffer.from(this.b.buffer, this.b.byteOffset + start, this.at - start).toString('utf8');
    return JSON.parse(text) as string;
  }

  private skipString(): void {
    const b = this.b;
    let i = this.at + 1;
    for (;;) {
      if (i >= b.length) throw new Invalid();
      const c = b[i] as number;
      if (c === C.Quote) break;
      if (c < 0x20) throw new Invalid();
      if (c === C.Backslash) {
        const e = b[i + 1];
        if (e === 0x75) {
          for (let k = 2; k < 6; k++) if (!isHex(b[i + k])) throw new Invalid();
          i += 6;
          continue;
        }
        if (e === undefined || !ESCAPES.has(e)) throw new Invalid();
        i += 2;
        continue;
      }
      i++;
    }
    this.at = i + 1;
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++) {
      if (this.b[this.at + k] !== word.charCodeAt(k)) throw new Invalid();
    }
    this.at += word.length;
  }

  /** `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` */
  private number(): void {
    const b = this.b;
    let i = this.at;
    if (b[i] === 0x2d) i++;
    if (b[i] === 0x30) i++;
    else if (isDigit(b[i])) while (isDigit(b[i])) i++;
    else throw new Invalid();
    if (b[i] === 0x2e) {
      i++;
      if (!isDigit(b[i])) throw new Invalid();
      while (isDigit(b[i])) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (!isDigit(b[i])) throw new Invalid();
      while (isDigit(b[i])) i++;
    }
    this.at = i;
  }
}

/** `"` `\` `/` `b` `f` `n` `r` `t` after a backslash. */
const ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}
