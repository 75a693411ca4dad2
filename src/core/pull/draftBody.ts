import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { SentBody } from '../model/pulled';
import type { BodyDraft, DraftRow } from './draft';
import type { DraftReader } from './draftProblems';
import { jsonProblem } from './jsonText';
import { buildMultipart, describe, type MultipartPart } from './multipart';

/** A body ready to send and the Content-Type it goes with (undefined: none is added). */
export interface BuiltBody {
  readonly body: SentBody;
  readonly contentType?: string;
}

const NONE: BuiltBody = { body: { kind: 'none' } };

const TEXT_TYPES = { json: 'application/json', xml: 'application/xml', text: 'text/plain; charset=utf-8' } as const;

/**
 * The body of the draft's selected mode, its variables resolved. Problems go to `reader`; the result is then not
 * sent. `boundary` names the multipart boundary (tests pass a fixed one).
 */
export async function buildBody(
  draft: BodyDraft,
  reader: DraftReader,
  boundary?: string,
): Promise<BuiltBody | undefined> {
  switch (draft.mode) {
    case 'none':
      return NONE;
    case 'json':
    case 'xml':
    case 'text': {
      const text = reader.text('body.text', draft.text);
      if (text.trim() === '') return NONE;
      if (draft.mode === 'json') {
        const problem = jsonProblem(text, text === draft.text ? 'The JSON body' : 'The JSON body (variables resolved)');
        if (problem) return fail(reader, 'body.text', problem);
      }
      return { body: bytes(text), contentType: TEXT_TYPES[draft.mode] };
    }
    case 'form': {
      const form = new URLSearchParams();
      for (const [name, value] of rows(draft.form, 'body.form', reader)) form.append(name, value);
      return { body: bytes(form.toString()), contentType: 'application/x-www-form-urlencoded' };
    }
    case 'multipart':
      return multipart(draft, reader, boundary);
    case 'binary':
      return binary(reader.text('body.file', draft.file), reader);
    case 'graphql':
      return graphql(draft, reader);
  }
}

/** Enabled rows with their variables resolved; a row with neither name nor value is skipped. */
function rows(table: readonly DraftRow[], field: string, reader: DraftReader): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  table.forEach((row, index) => {
    if (!row.enabled || (row.name === '' && row.value === '')) return;
    const name = reader.text(`${field}[${index}].name`, row.name);
    const value = reader.text(`${field}[${index}].value`, row.value);
    if (name === '') reader.problem(`${field}[${index}].name`, 'A row with a value needs a name.');
    pairs.push([name, value]);
  });
  return pairs;
}

async function multipart(draft: BodyDraft, reader: DraftReader, boundary?: string): Promise<BuiltBody | undefined> {
  const parts: MultipartPart[] = [];
  const before = reader.problems.length;
  draft.multipart.forEach((row, index) => {
    if (!row.enabled || (row.name === '' && row.value === '')) return;
    const field = `body.multipart[${index}]`;
    const name = reader.text(`${field}.name`, row.name);
    if (name === '') reader.problem(`${field}.name`, 'A part needs a name.');
    parts.push({ name, value: reader.text(`${field}.value`, row.value), kind: row.kind, field: `${field}.value` });
  });
  if (reader.problems.length > before) return undefined;
  const built = await buildMultipart(parts, boundary);
  if (!built.ok) return fail(reader, built.field, built.message);
  return { body: { kind: 'bytes', bytes: built.bytes }, contentType: built.contentType };
}

async function binary(file: string, reader: DraftReader): Promise<BuiltBody | undefined> {
  if (file.trim() === '') return fail(reader, 'body.file', 'Choose the file to send as the body.');
  if (!path.isAbsolute(file)) return fail(reader, 'body.file', `The body needs the file's full path, not "${file}".`);
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return fail(reader, 'body.file', `${file} is not a file.`);
    return { body: { kind: 'file', path: file, size: stat.size }, contentType: 'application/octet-stream' };
  } catch (error) {
    return fail(reader, 'body.file', `${file} cannot be read: ${describe(error)}.`);
  }
}

/** Sent as JSON `{"query": …, "variables": …}`, the variables as written (numbers stay exact). */
function graphql(draft: BodyDraft, reader: DraftReader): BuiltBody | undefined {
  const query = reader.text('body.graphql.query', draft.graphql.query);
  const variables = reader.text('body.graphql.variables', draft.graphql.variables).trim();
  if (query.trim() === '') return fail(reader, 'body.graphql.query', 'A GraphQL request needs a query.');
  let text = `{"query":${JSON.stringify(query)}`;
  if (variables !== '') {
    const problem = jsonProblem(variables, 'The GraphQL variables');
    if (problem) return fail(reader, 'body.graphql.variables', problem);
    if (!variables.startsWith('{')) {
      return fail(reader, 'body.graphql.variables', 'The GraphQL variables must be a JSON object, such as {"id": 1}.');
    }
    text += `,"variables":${variables}`;
  }
  return { body: bytes(`${text}}`), contentType: 'application/json' };
}

function bytes(text: string): SentBody {
  return { kind: 'bytes', bytes: new Uint8Array(Buffer.from(text, 'utf8')) };
}

function fail(reader: DraftReader, field: string, message: string): undefined {
  reader.problem(field, message);
  return undefined;
}
