import * as fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseHttpFile } from '../core/httpFile/parse';
import type { HttpBody, HttpFileProblem, HttpRequestBlock } from '../core/httpFile/types';
import { printable, terminalSafeJson } from './format';
import { type CliIo, oneLine, write } from './io';

export const PARSE_USAGE = `Usage: pushpull parse FILE [--json]

Reads a .http / .rest file (REST Client, httpYac or JetBrains) and lists its requests, variables unresolved.
  --json   one JSON array, a request an element, in file order:
           { "name", "method", "url", "headers": [[name, value], …],
             "body": string | { "file", "substitute" } | null, "line" }
           (line is 1-based; a body of one "< file" line is { file, substitute }, other bodies are text as written)
Exit status: 0 read (problems in the file are listed, not fatal), 2 usage error or a file that cannot be read.
`;

/** One request as `pushpull parse --json` prints it. */
export interface ParsedRequestJson {
  readonly name: string | null;
  readonly method: string;
  readonly url: string;
  readonly headers: Array<[string, string]>;
  readonly body: string | { readonly file: string; readonly substitute: boolean } | null;
  readonly line: number;
}

/** `pushpull parse`: returns the exit code; one line on stderr for a usage error or a file it cannot read. */
export async function runParse(args: string[], io: CliIo): Promise<number> {
  let file: string;
  let json: boolean;
  try {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      await write(io.stdout, PARSE_USAGE);
      return 0;
    }
    if (positionals.length !== 1 || positionals[0] === undefined) throw new Error('one FILE is needed');
    file = positionals[0];
    json = values.json === true;
  } catch (error) {
    io.stderr.write(`pushpull parse: ${printable(oneLine(messageOf(error)))} (see pushpull parse --help)\n`);
    return 2;
  }
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(`pushpull parse: cannot read ${printable(file)}: ${printable(oneLine(messageOf(error)))}\n`);
    return 2;
  }
  const parsed = parseHttpFile(text);
  if (json) {
    await write(io.stdout, `${terminalSafeJson(parsed.requests.map(requestJson), 2)}\n`);
  } else {
    await write(io.stdout, listing(parsed.requests, parsed.problems));
  }
  return 0;
}

export function requestJson(request: HttpRequestBlock): ParsedRequestJson {
  return {
    name: request.name,
    method: request.method,
    url: request.url,
    headers: request.headers.map((h): [string, string] => [h.name, h.value]),
    body: bodyJson(request.body),
    line: request.requestLine.start.line + 1,
  };
}

/** A single `< file` part as `{ file, substitute }`; otherwise the body's lines, `< file` lines as written. */
function bodyJson(body: HttpBody | null): ParsedRequestJson['body'] {
  if (body === null) return null;
  const only = body.parts.length === 1 ? body.parts[0] : undefined;
  if (only?.kind === 'file') return { file: only.path, substitute: only.substitute };
  return body.parts
    .map((part) =>
      part.kind === 'text' ? part.text : `<${part.substitute ? `@${part.encoding ?? ''}` : ''} ${part.path}`,
    )
    .join('\n');
}

/** One line a request (`line  METHOD url  name`), then the problems, each with its line and column. */
function listing(requests: readonly HttpRequestBlock[], problems: readonly HttpFileProblem[]): string {
  const lines = requests.map((r) => {
    const name = r.name ?? r.title;
    const label = name === null ? '' : `  ${printable(name)}`;
    const target = r.url === '' ? '' : ` ${printable(r.url)}`;
    return `${r.requestLine.start.line + 1}\t${printable(r.method)}${target}${label}`;
  });
  if (requests.length === 0) lines.push('no requests');
  for (const p of problems) {
    lines.push(
      `${p.range.start.line + 1}:${p.range.start.column + 1}\t${p.severity} ${p.code}: ${printable(p.message)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
