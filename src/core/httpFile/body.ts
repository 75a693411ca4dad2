import * as path from 'node:path';
import { describe } from '../pull/multipart';
import type { HttpBody, HttpBodyPart, HttpGraphQl } from './types';

/** What resolving a body needs: variables, and the files it names (the UI lets them be read only when trusted). */
export interface BodyContext {
  /** The folder of the `.http` file: relative `< ./paths` start there. */
  readonly folder: string;
  readonly resolve: (text: string) => string;
  readonly readFile: (absolutePath: string) => Promise<Uint8Array>;
  /** The resolved headers (names as written). */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The parser's reading of a GraphQL request, when it is one. */
  readonly graphql?: HttpGraphQl;
}

export interface BuiltBody {
  readonly bytes: Uint8Array;
  /** A Content-Type to add when the request has none (GraphQL's application/json). */
  readonly contentType?: string;
}

/** A body that cannot be sent: a `< file` that cannot be read, GraphQL variables that are not JSON. */
export class BodyProblem extends Error {}

const GRAPHQL_START = /^\s*(query|mutation|subscription|fragment)\b/;

/**
 * The bytes a `.http` body sends: text with its variables resolved; a lone `< ./file` as the file's bytes; `<@`
 * files with variables resolved (read as UTF-8, or as the encoding written: `<@latin1`); multipart bodies with CRLF
 * line breaks and file parts as their bytes; form bodies with `&` lines joined; GraphQL (REST Client's
 * `X-Request-Type: GraphQL`, or a body starting with `query`/`mutation`… as httpYac reads it) as JSON
 * `{query, variables}`.
 */
export async function buildHttpBody(body: HttpBody, context: BodyContext): Promise<BuiltBody | undefined> {
  const parts = body.parts;
  if (parts.length === 0) return undefined;
  const type = (header(context.headers, 'content-type') ?? '').toLowerCase();
  const first = parts[0];
  if (parts.length === 1 && first?.kind === 'file' && !first.substitute) {
    return { bytes: await readPart(first, context) };
  }
  if (context.graphql) {
    const { query, variables } = context.graphql;
    return graphQl(context.resolve(query), variables === null ? '' : context.resolve(variables));
  }
  if (isGraphQl(context.headers, parts)) {
    const text = await joinedText(parts, context, '\n');
    const split = /\n\s*\n(?=\s*\{)/.exec(text);
    return split ? graphQl(text.slice(0, split.index), text.slice(split.index)) : graphQl(text, '');
  }
  if (type.startsWith('multipart/')) return { bytes: await joined(parts, context, '\r\n') };
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { bytes: Buffer.from(formText(await joinedText(parts, context, '\n')), 'utf8') };
  }
  return { bytes: await joined(parts, context, '\n') };
}

/** Whether the request is GraphQL: REST Client's header, or httpYac's body that starts with an operation. */
export function isGraphQl(headers: ReadonlyArray<readonly [string, string]>, parts: readonly HttpBodyPart[]): boolean {
  if ((header(headers, 'x-request-type') ?? '').trim().toLowerCase() === 'graphql') return true;
  const first = parts[0];
  return first?.kind === 'text' && GRAPHQL_START.test(first.text);
}

function header(headers: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  return headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

async function readPart(part: HttpBodyPart & { kind: 'file' }, context: BodyContext): Promise<Uint8Array> {
  const file = path.resolve(context.folder, part.path);
  try {
    return await context.readFile(file);
  } catch (error) {
    throw new BodyProblem(`The body file ${part.path} cannot be read: ${describe(error)}.`);
  }
}

async function partBytes(part: HttpBodyPart, context: BodyContext, lineBreak: string): Promise<Uint8Array> {
  if (part.kind === 'text') return Buffer.from(context.resolve(part.text).replace(/\r?\n/g, lineBreak), 'utf8');
  const bytes = await readPart(part, context);
  if (!part.substitute) return bytes;
  const encoding: BufferEncoding = part.encoding !== null && Buffer.isEncoding(part.encoding) ? part.encoding : 'utf8';
  return Buffer.from(context.resolve(Buffer.from(bytes).toString(encoding)), 'utf8');
}

/** The parts one after the other, a line break between two (each part stood on lines of its own). */
async function joined(parts: readonly HttpBodyPart[], context: BodyContext, lineBreak: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for (const [i, part] of parts.entries()) {
    if (i > 0) chunks.push(Buffer.from(lineBreak));
    chunks.push(await partBytes(part, context, lineBreak));
  }
  return new Uint8Array(Buffer.concat(chunks));
}

async function joinedText(parts: readonly HttpBodyPart[], context: BodyContext, lineBreak: string): Promise<string> {
  return Buffer.from(await joined(parts, context, lineBreak)).toString('utf8');
}

/** Form lines: a line that starts with `&` continues the one above without a line break; lines are trimmed. */
export function formText(text: string): string {
  const lines = text.split('\n').map((line) => line.trim());
  return lines.reduce((out, line, i) => (i === 0 || line.startsWith('&') ? out + line : `${out}\n${line}`), '');
}

/** The query and its variables (JSON text, '' when none) as the JSON body a GraphQL server takes. */
function graphQl(queryText: string, variablesText: string): BuiltBody {
  const query = queryText.trim();
  const out: { query: string; variables?: unknown; operationName?: string } = { query };
  if (variablesText.trim() !== '') {
    try {
      out.variables = JSON.parse(variablesText) as unknown;
    } catch (error) {
      throw new BodyProblem(`The GraphQL variables are not JSON: ${error instanceof Error ? error.message : ''}`);
    }
  }
  const operation = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1];
  if (operation !== undefined) out.operationName = operation;
  return { bytes: Buffer.from(JSON.stringify(out), 'utf8'), contentType: 'application/json' };
}
