import type { HttpFile, HttpRange } from '../../core/httpFile/types';

/** A `{{…}}` written in a `.http` file: where, and the name it starts with. */
export interface VariableUse {
  readonly line: number;
  /** Column of the first `{`. */
  readonly start: number;
  /** Column after the last `}`. */
  readonly end: number;
  /** The first word inside the braces: `host`, `$guid`, `login.response.body.$.id`. */
  readonly name: string;
}

/** The system variables REST Client, JetBrains and httpYac users write (`$random.*` has more after the dot). */
export const SYSTEM_VARIABLES: readonly { readonly name: string; readonly detail: string }[] = [
  { name: '$guid', detail: 'A new v4 UUID' },
  { name: '$uuid', detail: 'A new v4 UUID (JetBrains)' },
  { name: '$timestamp', detail: 'Seconds since 1970, optionally offset: {{$timestamp -1 d}}' },
  { name: '$isoTimestamp', detail: 'The time now in ISO 8601' },
  { name: '$datetime', detail: 'UTC time: {{$datetime iso8601}}, {{$datetime rfc1123}} or a format' },
  { name: '$localDatetime', detail: 'Local time: {{$localDatetime iso8601}} or a format' },
  { name: '$randomInt', detail: 'A whole number: {{$randomInt min max}}' },
  { name: '$processEnv', detail: 'An environment variable: {{$processEnv NAME}}' },
  { name: '$dotenv', detail: 'A variable of the .env file beside the .http file: {{$dotenv NAME}}' },
  { name: '$random.integer', detail: 'A whole number (JetBrains): {{$random.integer(0, 100)}}' },
  { name: '$random.alphabetic', detail: 'Letters (JetBrains): {{$random.alphabetic(10)}}' },
  { name: '$random.email', detail: 'An e-mail address (JetBrains)' },
];

const USE = /\{\{([^{}]*)\}\}/g;
const COMMENT = /^\s*(#|\/\/)/;
/** Most uses reported per file: a generated file of 10,000 requests still answers quickly. */
const MAX_USES = 100_000;

/** The `{{…}}` uses on one line (an escaped `\{\{…\}\}` is not one). */
export function usesInLine(text: string, line: number): VariableUse[] {
  const uses: VariableUse[] = [];
  if (!text.includes('{{') || COMMENT.test(text)) return uses;
  for (const match of text.matchAll(USE)) {
    const inner = match[1]!.trim();
    const name = inner.split(/\s+/)[0] ?? '';
    if (name === '') continue;
    uses.push({ line, start: match.index, end: match.index + match[0].length, name });
  }
  return uses;
}

/** Lines of scripts and response handlers: their `{{ }}` are not variables PushPull resolves. */
function scriptLines(file: HttpFile): Set<number> {
  const lines = new Set<number>();
  const add = (range: HttpRange): void => {
    for (let line = range.start.line; line <= range.end.line; line++) lines.add(line);
  };
  for (const request of file.requests) {
    request.responseItems.forEach((item) => add(item.range));
    (request as { readonly scripts?: readonly { readonly range: HttpRange }[] }).scripts?.forEach((script) =>
      add(script.range),
    );
  }
  return lines;
}

/** Every variable use of a document's lines, outside comments, scripts and response handlers. */
export function variableUses(file: HttpFile, lineAt: (line: number) => string, lineCount: number): VariableUse[] {
  const skip = scriptLines(file);
  const uses: VariableUse[] = [];
  for (let line = 0; line < lineCount && uses.length < MAX_USES; line++) {
    if (!skip.has(line)) uses.push(...usesInLine(lineAt(line), line));
  }
  return uses;
}

/**
 * Whether a use names something that exists: a system variable, a request reference (`login.response…`,
 * `login.request…` of a named request), or a name in `known` (file variables, environment, prompts).
 */
export function isKnown(name: string, known: ReadonlySet<string>, requestNames: ReadonlySet<string>): boolean {
  if (name.startsWith('$')) return true;
  if (known.has(name)) return true;
  const [head, part] = name.split('.');
  return head !== undefined && (part === 'response' || part === 'request') && requestNames.has(head);
}

/** The names a file defines itself: `@name = value` variables and `# @prompt name` prompts. */
export function fileDefinedNames(file: HttpFile): Set<string> {
  const names = new Set(file.variables.map((variable) => variable.name));
  for (const request of file.requests) {
    for (const meta of request.metadata) {
      if (meta.key === 'prompt') names.add(meta.value.trim().split(/\s+/)[0] ?? '');
    }
  }
  return names;
}

/** The `# @name`s of the file's requests. */
export function requestNames(file: HttpFile): Set<string> {
  return new Set(file.requests.map((r) => r.name).filter((n): n is string => n !== null));
}
