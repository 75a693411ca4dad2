import { isSeparator, trimmed } from './parseLines';
import type { HttpFileProblem, HttpRange } from './types';

/*
 * Scripts spread over lines: `> {% … %}` (response handler), `< {% … %}` (JetBrains' pre-request script) and
 * httpYac's `{{ … }}` blocks. Recognised and kept as text, never run. A script still open at a `###` separator or
 * at the end of the file is closed there with a problem.
 */

export type ScriptKind = 'inlineHandler' | 'preRequest' | 'httpyac';

export interface ClosedScript {
  readonly kind: ScriptKind;
  readonly opener: string;
  readonly text: string;
  readonly range: HttpRange;
}

export class OpenScript {
  private readonly lines: string[] = [];
  private lastIndex: number;
  private lastLength: number;

  /** `first` is the text after `{%` (or after `{{`, as the opener, for httpYac) on the opening line. */
  constructor(
    readonly kind: ScriptKind,
    private readonly startLine: number,
    private readonly startColumn: number,
    private readonly opener: string,
    first: string,
  ) {
    this.lastIndex = startLine;
    this.lastLength = startColumn;
    if (kind !== 'httpyac' && trimmed(first) !== '') this.lines.push(first);
  }

  /**
   * Takes the next line: the closed script when this line closes it, 'separator' when a `###` line came first (the
   * caller closes the script with `close` and reads that line as a separator), undefined while it stays open.
   */
  take(index: number, line: string): ClosedScript | 'separator' | undefined {
    const t = trimmed(line);
    if (this.kind === 'httpyac') {
      if (t === '}}') return this.closed(index, line.length);
    } else {
      const end = line.indexOf('%}');
      if (end >= 0) {
        this.lines.push(line.slice(0, end));
        return this.closed(index, end + 2);
      }
    }
    if (isSeparator(t)) return 'separator';
    this.lines.push(line);
    this.lastIndex = index;
    this.lastLength = line.length;
    return undefined;
  }

  /** Closes a script that was never closed, with a problem over its opening line. */
  close(problems: HttpFileProblem[]): ClosedScript {
    const closer = this.kind === 'httpyac' ? '}}' : '%}';
    problems.push({
      range: {
        start: { line: this.startLine, column: this.startColumn },
        end: { line: this.startLine, column: this.startColumn + 2 },
      },
      message: `The script opened here is not closed with ${closer}.`,
      severity: 'error',
      code: this.kind === 'inlineHandler' ? 'UNCLOSED_HANDLER' : 'UNCLOSED_SCRIPT',
    });
    return this.closed(this.lastIndex, this.lastLength);
  }

  private closed(index: number, endColumn: number): ClosedScript {
    return {
      kind: this.kind,
      opener: this.opener,
      text: trimBlankEdges(this.lines).join('\n'),
      range: { start: { line: this.startLine, column: this.startColumn }, end: { line: index, column: endColumn } },
    };
  }
}

/** Closes `{% … %}` on its opening line when it does: the script text, or undefined when it goes on. */
export function oneLineScript(rest: string): string | undefined {
  const end = rest.indexOf('%}');
  return end < 0 ? undefined : trimmed(rest.slice(0, end));
}

function trimBlankEdges(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && trimmed(lines[start] ?? '') === '') start++;
  while (end > start && trimmed(lines[end - 1] ?? '') === '') end--;
  return lines.slice(start, end);
}
