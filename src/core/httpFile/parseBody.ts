import { fileRefOf, lineRange, spanRange, trimmed } from './parseLines';
import type { HttpBody, HttpBodyPart, HttpGraphQl, HttpHeaderLine } from './types';

/*
 * A request's body as written: text lines and `< file` lines in order. Adjacent text lines make one text part
 * (joined with '\n'); the sender puts a line break between parts, as the lines stood in the file. Blank lines before
 * the first and after the last part are not the body's; blank lines inside it are. In a form body
 * (`application/x-www-form-urlencoded`), a line starting with `&` continues the line before it, without the line
 * break and the indentation (REST Client's form bodies split over lines).
 */
export class BodyBuilder {
  private readonly parts: HttpBodyPart[] = [];
  private text: string[] | undefined;
  private pendingBlanks = 0;
  private first = -1;
  private last = -1;
  private lastLine = '';
  /** The last text line is a form line that `&` lines were appended to. */
  private joined = false;

  constructor(private readonly form: boolean) {}

  get isEmpty(): boolean {
    return this.first < 0;
  }

  blank(): void {
    if (this.first >= 0) this.pendingBlanks++;
  }

  /** Adds a body line (text or `< file`). */
  line(index: number, line: string): void {
    const t = trimmed(line);
    const file = fileRefOf(t);
    if (this.first < 0) this.first = index;
    if (this.pendingBlanks > 0) {
      const text = this.openText();
      for (; this.pendingBlanks > 0; this.pendingBlanks--) text.push('');
      this.joined = false;
    }
    if (file) {
      this.closeText();
      this.joined = false;
      this.parts.push({ kind: 'file', ...file, range: lineRange(index, line) });
    } else {
      const text = this.openText();
      const previous = text.length - 1;
      if (this.form && t.startsWith('&') && previous >= 0 && text[previous] !== '') {
        // Trimmed once, then appended to: a long run of `&` lines stays linear.
        text[previous] = (this.joined ? (text[previous] ?? '') : trimmed(text[previous] ?? '')) + t;
        this.joined = true;
      } else {
        text.push(line);
        this.joined = false;
      }
    }
    this.last = index;
    this.lastLine = line;
  }

  finish(): HttpBody | null {
    this.closeText();
    if (this.first < 0) return null;
    return { parts: this.parts, range: spanRange(this.first, this.last, this.lastLine) };
  }

  private openText(): string[] {
    this.text ??= [];
    return this.text;
  }

  private closeText(): void {
    if (this.text === undefined) return;
    this.parts.push({ kind: 'text', text: this.text.join('\n') });
    this.text = undefined;
  }
}

/** `application/x-www-form-urlencoded` in a Content-Type header. */
export function isFormBody(headers: readonly HttpHeaderLine[]): boolean {
  return headerValues(headers, 'content-type').some((v) =>
    v.toLowerCase().includes('application/x-www-form-urlencoded'),
  );
}

/** REST Client's GraphQL (`X-Request-Type: GraphQL`) or httpYac's (a text body starting with `query`…); else null. */
export function graphQlOf(headers: readonly HttpHeaderLine[], body: HttpBody | null): HttpGraphQl | null {
  const only = body?.parts.length === 1 ? body.parts[0] : undefined;
  if (only?.kind !== 'text') return null;
  const marked = headerValues(headers, 'x-request-type').some((v) => v.toLowerCase() === 'graphql');
  if (!marked && !startsWithOperation(only.text)) return null;
  const gap = blankLineAt(only.text);
  if (gap < 0) return { query: only.text, variables: null };
  const variables = only.text.slice(gap).trim();
  return { query: only.text.slice(0, gap), variables: variables === '' ? null : variables };
}

const OPERATIONS = ['query', 'mutation', 'subscription', 'fragment'];

function startsWithOperation(text: string): boolean {
  const t = trimmed(text.slice(0, 200));
  return OPERATIONS.some((op) => {
    if (!t.startsWith(op)) return false;
    const next = t.charAt(op.length);
    return next === '' || next === ' ' || next === '\t' || next === '{' || next === '(' || next === '\n';
  });
}

/** Where the first blank line (only spaces) of a text starts its '\n', or -1. */
function blankLineAt(text: string): number {
  let lineStart = 0;
  while (lineStart <= text.length) {
    let end = text.indexOf('\n', lineStart);
    if (end < 0) end = text.length;
    if (lineStart > 0 && trimmed(text.slice(lineStart, end)) === '') return lineStart - 1;
    if (end === text.length) return -1;
    lineStart = end + 1;
  }
  return -1;
}

function headerValues(headers: readonly HttpHeaderLine[], name: string): string[] {
  return headers.filter((h) => h.name.toLowerCase() === name).map((h) => h.value);
}
