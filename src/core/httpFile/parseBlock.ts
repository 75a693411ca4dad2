import { BodyBuilder, graphQlOf, isFormBody } from './parseBody';
import { lineRange, spanRange, trimmed } from './parseLines';
import type { RequestLine } from './parseRequestLine';
import type {
  HttpAssertionLine,
  HttpFileProblem,
  HttpFileVariable,
  HttpHeaderLine,
  HttpMetadata,
  HttpRange,
  HttpRequestBlock,
  HttpResponseItem,
  HttpScriptBlock,
} from './types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One block of the file (from a separator or its first line to the next block) while it is read. */
export class BlockBuilder {
  readonly metadata: HttpMetadata[] = [];
  readonly variables: Array<Omit<HttpFileVariable, 'requestIndex'>> = [];
  readonly scripts: HttpScriptBlock[] = [];
  readonly headers: HttpHeaderLine[] = [];
  readonly assertions: HttpAssertionLine[] = [];
  readonly responseItems: HttpResponseItem[] = [];
  private request: (RequestLine & { range: HttpRange }) | undefined;
  private readonly urlParts: string[] = [];
  private body: BodyBuilder | undefined;
  private first = -1;
  private last = -1;
  private lastLine = '';

  constructor(
    private readonly title: string | null,
    separatorLine: number,
    separatorText: string,
  ) {
    if (separatorLine >= 0) this.touch(separatorLine, separatorText);
  }

  get hasRequest(): boolean {
    return this.request !== undefined;
  }

  /** Marks a line as part of the block (its range runs from the first such line to the last). */
  touch(index: number, line: string): void {
    if (this.first < 0) this.first = index;
    this.last = index;
    this.lastLine = line;
  }

  setRequestLine(index: number, line: string, parsed: RequestLine): void {
    const { method, target, httpVersion, missingTarget } = parsed;
    this.request = { method, target, httpVersion, missingTarget, range: lineRange(index, line) };
    this.urlParts.push(parsed.target);
  }

  /** A continuation of the target: `?`/`&` query lines and indented lines, joined without breaks and indentation. */
  continueUrl(line: string): void {
    this.urlParts.push(trimmed(line));
  }

  /** The body, made when its first line (or the blank line before it) comes. */
  bodyBuilder(): BodyBuilder {
    this.body ??= new BodyBuilder(isFormBody(this.headers));
    return this.body;
  }

  /** The request of this block, or null when it has none; its variables go to `variables` either way. */
  finish(index: number, problems: HttpFileProblem[], variables: HttpFileVariable[]): HttpRequestBlock | null {
    const request = this.request;
    const requestIndex = request ? index : null;
    for (const v of this.variables) variables.push({ ...v, requestIndex });
    if (!request) return null;
    if (request.missingTarget) {
      problems.push({
        range: request.range,
        message: 'The request line has no URL.',
        severity: 'error',
        code: 'MISSING_URL',
      });
    }
    const named = this.metadata.find((m) => m.key === 'name');
    if (named && named.value === '') {
      problems.push({ range: named.range, message: '@name needs a value.', severity: 'warning', code: 'EMPTY_NAME' });
    }
    const body = this.body?.finish() ?? null;
    const graphql = graphQlOf(this.headers, body);
    const block: Mutable<HttpRequestBlock> = {
      index,
      name: named && named.value !== '' ? named.value : null,
      title: this.title,
      metadata: this.metadata,
      method: request.method,
      url: this.urlParts.join(''),
      httpVersion: request.httpVersion,
      headers: this.headers,
      body,
      assertions: this.assertions,
      responseItems: this.responseItems,
      range: spanRange(this.first, this.last, this.lastLine),
      requestLine: request.range,
    };
    if (this.scripts.length > 0) block.scripts = this.scripts;
    if (graphql) block.graphql = graphql;
    return block;
  }
}
