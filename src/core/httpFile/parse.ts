import { BlockBuilder } from './parseBlock';
import { headerOf, isHeaderLike } from './parseHeader';
import {
  assertionOf,
  fileRefOf,
  indentOf,
  isComment,
  isSeparator,
  lineRange,
  metadataOf,
  preRequestScriptOf,
  responseLineOf,
  scriptOpenerOf,
  separatorTitle,
  splitLines,
  trimmed,
  variableOf,
} from './parseLines';
import { parseRequestLine, startsNewRequest } from './parseRequestLine';
import { type ClosedScript, OpenScript, oneLineScript } from './parseScript';
import type { HttpFile, HttpFileProblem, HttpFileVariable, HttpRequestBlock, HttpScriptBlock } from './types';

/**
 * Reads a `.http` / `.rest` file as REST Client, httpYac and JetBrains' HTTP client write them. Never throws; what
 * it cannot read becomes a problem with a range. One pass over the lines, each line looked at a bounded number of
 * times, so the time grows linearly with the file. Nothing is resolved or run here: variables, request references,
 * files and scripts are kept as written for the resolver and the sender.
 */
export function parseHttpFile(text: string): HttpFile {
  return new Parser(splitLines(text)).run();
}

/**
 * How many times `parseHttpFile` looks at a line of `text` (reads plus look-aheads): at most twice the number of
 * lines, whatever the text. The linearity test counts work with it instead of timing.
 */
export function countLineVisits(text: string): { lines: number; visits: number } {
  const parser = new Parser(splitLines(text));
  parser.run();
  return { lines: parser.lineCount, visits: parser.visits };
}

/**
 * Where the reader is in a block: before its request line ('preamble'), right after it (continuation lines may
 * follow), among headers, in the body, or after a response handler or reference.
 */
type State = 'preamble' | 'requestLine' | 'headers' | 'body' | 'after';

class Parser {
  private readonly requests: HttpRequestBlock[] = [];
  private readonly variables: HttpFileVariable[] = [];
  private readonly problems: HttpFileProblem[] = [];
  private readonly fileScripts: HttpScriptBlock[] = [];
  private block = new BlockBuilder(null, -1, '');
  private state: State = 'preamble';
  private script: OpenScript | undefined;
  private afterBlank = false;
  /** Lines before this index were already looked ahead over and do not start a request. */
  private lookedAhead = 0;
  /** Lines looked at, for `countLineVisits`. */
  visits = 0;

  constructor(private readonly lines: readonly string[]) {}

  get lineCount(): number {
    return this.lines.length;
  }

  run(): HttpFile {
    for (let i = 0; i < this.lines.length; i++) this.read(i, this.lines[i] ?? '');
    if (this.script) this.endScript(this.script.close(this.problems));
    this.finishBlock();
    const file: HttpFile = { requests: this.requests, variables: this.variables, problems: this.problems };
    return this.fileScripts.length > 0 ? { ...file, scripts: this.fileScripts } : file;
  }

  private read(i: number, line: string): void {
    this.visits++;
    if (this.script) {
      const taken = this.script.take(i, line);
      if (taken !== 'separator') {
        this.block.touch(i, line);
        if (taken !== undefined) this.endScript(taken);
        return;
      }
      this.endScript(this.script.close(this.problems));
    }
    const t = trimmed(line);
    if (isSeparator(t)) {
      this.finishBlock();
      this.block = new BlockBuilder(separatorTitle(t), i, line);
      this.state = 'preamble';
      this.afterBlank = false;
      return;
    }
    const blank = t === '';
    if (this.state === 'preamble') this.preamble(i, line, t);
    else if (this.state === 'body') this.bodyLine(i, line, t);
    else if (this.state === 'after') this.afterLine(i, line, t);
    else this.headerLine(i, line, t);
    this.afterBlank = blank;
  }

  private preamble(i: number, line: string, t: string): void {
    if (t === '') return;
    this.block.touch(i, line);
    if (isComment(t)) {
      const meta = metadataOf(t);
      if (meta) this.block.metadata.push({ ...meta, range: lineRange(i, line) });
      return;
    }
    const variable = variableOf(t);
    if (variable === 'bad') {
      this.problem(i, line, 'A variable is written "@name = value".', 'warning', 'BAD_VARIABLE');
      return;
    }
    if (variable) {
      this.block.variables.push({ ...variable, range: lineRange(i, line) });
      return;
    }
    if (this.openScript(i, line, t)) return;
    if (assertionOf(t) !== null || responseLineOf(t) !== null) {
      this.problem(i, line, 'This line belongs after a request line.', 'warning', 'NO_REQUEST');
      return;
    }
    this.block.setRequestLine(i, line, parseRequestLine(t));
    this.state = 'requestLine';
  }

  private headerLine(i: number, line: string, t: string): void {
    if (t === '') {
      this.block.bodyBuilder();
      this.state = 'body';
      return;
    }
    this.block.touch(i, line);
    if (this.common(i, line, t) || isComment(t)) return;
    if (fileRefOf(t)) {
      this.block.bodyBuilder().line(i, line);
      this.state = 'body';
      return;
    }
    const continues = t.startsWith('?') || t.startsWith('&') || (indentOf(line) > 0 && !isHeaderLike(t));
    if (this.state === 'requestLine' && continues) {
      this.block.continueUrl(line);
      return;
    }
    if (this.openScript(i, line, t)) return;
    const header = headerOf(t);
    if (header) {
      this.block.headers.push({ ...header, range: lineRange(i, line) });
      this.state = 'headers';
      return;
    }
    this.problem(
      i,
      line,
      'A header is written "Name: value"; a blank line goes before the body.',
      'error',
      'BAD_HEADER',
    );
  }

  private bodyLine(i: number, line: string, t: string): void {
    const body = this.block.bodyBuilder();
    if (t === '') {
      body.blank();
      return;
    }
    if (this.afterBlank && this.startsRequestAt(i, t)) {
      this.startImplicitBlock(i, line, t);
      return;
    }
    this.block.touch(i, line);
    if (this.common(i, line, t) || this.openScript(i, line, t)) return;
    body.line(i, line);
  }

  private afterLine(i: number, line: string, t: string): void {
    if (t === '') return;
    if (this.startsRequestAt(i, t)) {
      this.startImplicitBlock(i, line, t);
      return;
    }
    this.block.touch(i, line);
    if (this.common(i, line, t) || isComment(t) || this.openScript(i, line, t)) return;
    this.problem(
      i,
      line,
      'Only response handlers, references and assertions may follow a handler.',
      'warning',
      'UNEXPECTED_LINE',
    );
  }

  /** Assertions, response handlers and references: anywhere after the request line. */
  private common(i: number, line: string, t: string): boolean {
    const assertion = assertionOf(t);
    if (assertion !== null) {
      this.block.assertions.push({ text: assertion, range: lineRange(i, line) });
      return true;
    }
    const response = responseLineOf(t);
    if (response === null) return false;
    this.state = 'after';
    const range = lineRange(i, line);
    if (response.kind === 'responseReference') {
      this.block.responseItems.push({ kind: 'responseReference', text: response.path, range });
    } else if (response.kind === 'fileHandler') {
      const output = response.output ? { output: response.output } : {};
      this.block.responseItems.push({ kind: 'fileHandler', text: response.path, range, ...output });
    } else {
      const script = oneLineScript(response.rest);
      if (script !== undefined) this.block.responseItems.push({ kind: 'inlineHandler', text: script, range });
      else this.script = new OpenScript('inlineHandler', i, indentOf(line), '', response.rest);
    }
    return true;
  }

  /** `< {% … %}` and httpYac's `{{ … }}`: kept with the block. */
  private openScript(i: number, line: string, t: string): boolean {
    const column = indentOf(line);
    const pre = preRequestScriptOf(t);
    if (pre !== null) {
      const script = oneLineScript(pre);
      if (script === undefined) this.script = new OpenScript('preRequest', i, column, '', pre);
      else this.endScript({ kind: 'preRequest', opener: '', text: script, range: lineRange(i, line) });
      return true;
    }
    const opener = scriptOpenerOf(t);
    if (opener === null) return false;
    this.script = new OpenScript('httpyac', i, column, opener, '');
    return true;
  }

  private endScript(script: ClosedScript): void {
    this.script = undefined;
    const { kind, opener, text, range } = script;
    if (kind === 'inlineHandler') this.block.responseItems.push({ kind, text, range });
    else this.block.scripts.push({ kind, opener, text, range });
  }

  /**
   * Whether line `i` starts another request without a separator: a request line with a method (see
   * `startsNewRequest`), maybe after comment, metadata and variable lines. Each line is looked ahead over once.
   */
  private startsRequestAt(i: number, t: string): boolean {
    if (i < this.lookedAhead) return false;
    let j = i;
    let current = t;
    while (isComment(current) || (variableOf(current) ?? 'bad') !== 'bad') {
      j++;
      this.visits++;
      if (j >= this.lines.length) break;
      current = trimmed(this.lines[j] ?? '');
    }
    if (j < this.lines.length && startsNewRequest(current)) return true;
    this.lookedAhead = j + 1;
    return false;
  }

  private startImplicitBlock(i: number, line: string, t: string): void {
    this.finishBlock();
    this.block = new BlockBuilder(null, -1, '');
    this.state = 'preamble';
    this.preamble(i, line, t);
  }

  private finishBlock(): void {
    const request = this.block.finish(this.requests.length, this.problems, this.variables);
    if (request) this.requests.push(request);
    else for (const script of this.block.scripts) this.fileScripts.push(script);
  }

  private problem(i: number, line: string, message: string, severity: 'error' | 'warning', code: string): void {
    this.problems.push({ range: lineRange(i, line), message, severity, code });
  }
}
