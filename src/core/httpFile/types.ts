/**
 * What the `.http` parser gives back: the shared contract of the parser (parse.ts), the resolver and sender
 * (variables, references, assertions), the editor features (ui/httpFiles) and the CLI (`pushpull parse`,
 * `pushpull send FILE`). Plain data: no functions, no classes, so it can be cached per document version.
 */

/** 0-based line and 0-based column (UTF-16 code units), as VS Code counts them. */
export interface HttpPosition {
  readonly line: number;
  readonly column: number;
}

export interface HttpRange {
  readonly start: HttpPosition;
  /** Exclusive. */
  readonly end: HttpPosition;
}

/** A problem found while reading the file: never thrown, always with a range. */
export interface HttpFileProblem {
  readonly range: HttpRange;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  /** Stable, for tests and quick fixes: e.g. 'MISSING_URL', 'BAD_HEADER', 'UNCLOSED_HANDLER'. */
  readonly code: string;
}

/** `# @key value` or `// @key value` before a request (`name`, `compareWith`, `no-redirect`, unknown keys too). */
export interface HttpMetadata {
  readonly key: string;
  /** '' when the key has no value. */
  readonly value: string;
  readonly range: HttpRange;
}

/**
 * `@name = value` (file variable). `requestIndex` is the request of the block it is written in (a block runs from a
 * `###` separator, or the file's start, to the next), null when that block has no request. Scoping is the resolver's.
 */
export interface HttpFileVariable {
  readonly name: string;
  /** As written: may use `{{other}}` variables. */
  readonly value: string;
  readonly range: HttpRange;
  readonly requestIndex: number | null;
}

export interface HttpHeaderLine {
  readonly name: string;
  /** As written, variables unresolved. */
  readonly value: string;
  readonly range: HttpRange;
}

/** A piece of a body: text as written (lines joined with '\n'), or a `< ./file` / `<@ ./file` / `<@latin1 ./file` line. */
export type HttpBodyPart =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'file';
      /** As written, relative to the `.http` file's folder unless absolute. */
      readonly path: string;
      /** `<@`: variables are substituted in the file's text. */
      readonly substitute: boolean;
      /** `<@latin1` → 'latin1'; null when not given. */
      readonly encoding: string | null;
      readonly range: HttpRange;
    };

export interface HttpBody {
  /** In order; adjacent text lines are one part. A multipart body mixes text parts and file parts. */
  readonly parts: readonly HttpBodyPart[];
  readonly range: HttpRange;
}

/** `?? status == 200` — the text after `??`, parsed and checked by the assertions module. */
export interface HttpAssertionLine {
  readonly text: string;
  readonly range: HttpRange;
}

/** `> {% … %}`, `> ./file.js` (handler) or `<> ./file` (saved response reference): recognised, kept, never run. */
export interface HttpResponseItem {
  readonly kind: 'inlineHandler' | 'fileHandler' | 'responseReference';
  /** The script text for 'inlineHandler', the path otherwise. */
  readonly text: string;
  readonly range: HttpRange;
  /**
   * httpYac's `>> ./file` ('create') and `>>! ./file` ('overwrite'), kind 'fileHandler': not a script, the response
   * body is to be written to the path in `text`. Absent for `> ./handler.js`.
   */
  readonly output?: 'create' | 'overwrite';
}

/**
 * A script block that is not a response handler, recognised and kept, never run: JetBrains' pre-request script
 * `< {% … %}` ('preRequest') and httpYac's `{{ … }}` line blocks ('httpyac', `{{@event` or `{{+` openers kept in
 * `opener`).
 */
export interface HttpScriptBlock {
  readonly kind: 'preRequest' | 'httpyac';
  /** What follows `{{` on the opening line ('' when nothing); '' for 'preRequest'. */
  readonly opener: string;
  /** The script's lines joined with '\n'. */
  readonly text: string;
  readonly range: HttpRange;
}

/**
 * A GraphQL request: REST Client's (`X-Request-Type: GraphQL` header) or httpYac's (a body starting with `query`,
 * `mutation`, `subscription` or `fragment`). The query is the body up to its first blank line, the variables the
 * JSON text after it.
 */
export interface HttpGraphQl {
  readonly query: string;
  /** The variables' JSON text as written, null when none. */
  readonly variables: string | null;
}

export interface HttpRequestBlock {
  /** 0-based, in file order. */
  readonly index: number;
  /** From `@name`; null when not named. */
  readonly name: string | null;
  /** The text after the `###` separator that opens the request; null when none. */
  readonly title: string | null;
  readonly metadata: readonly HttpMetadata[];
  /** Upper-case as written; 'GET' when the request line has no method. */
  readonly method: string;
  /**
   * The target as written, variables unresolved: continuation and multi-line query lines joined without
   * line breaks and indentation. Origin-form (`/path`) is kept as written; the resolver puts `{{host}}` in front.
   */
  readonly url: string;
  /** 'HTTP/1.1', 'HTTP/2'… when written, else null. */
  readonly httpVersion: string | null;
  readonly headers: readonly HttpHeaderLine[];
  readonly body: HttpBody | null;
  readonly assertions: readonly HttpAssertionLine[];
  readonly responseItems: readonly HttpResponseItem[];
  /** The whole block: from its separator (or first comment/metadata line) to its last line. */
  readonly range: HttpRange;
  /** The request line (the first line of it when continued). */
  readonly requestLine: HttpRange;
  /** Script blocks in the request's block (pre-request and httpYac `{{ }}` scripts), in order; absent when none. */
  readonly scripts?: readonly HttpScriptBlock[];
  /** Set when the request is a GraphQL request with a body of text only; absent otherwise. */
  readonly graphql?: HttpGraphQl;
}

export interface HttpFile {
  readonly requests: readonly HttpRequestBlock[];
  /** Every file variable, in file order. */
  readonly variables: readonly HttpFileVariable[];
  readonly problems: readonly HttpFileProblem[];
  /** Script blocks written where no request follows (httpYac's file-level `{{ }}`), in order; absent when none. */
  readonly scripts?: readonly HttpScriptBlock[];
}
