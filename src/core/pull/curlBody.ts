import { emptyBody, type BodyDraft, type MultipartRow } from './draft';

/** One data option: its text, or a file named with `@`. */
export interface CurlData {
  readonly kind: 'text' | 'file';
  readonly text: string;
  /** The option as written (`-d`, `--data-binary`…), for what is reported. */
  readonly flag: string;
}

/** The body draft for curl's data or form options, and the headers left (those the body mode adds are dropped). */
export interface CurlBody {
  readonly body: BodyDraft;
  readonly headers: Array<[string, string]>;
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * Works out the body mode: multipart for `-F`; a binary file for a lone `--data-binary @file`; JSON when `--json`
 * or the data parses as JSON (GraphQL when it is `{"query", "variables"}`); a form when the data is `name=value`
 * pairs sent as curl's default form type; XML or text otherwise. A Content-Type header the mode adds itself is
 * dropped; one it does not is kept, so the request stays the same.
 */
export function curlBody(
  data: readonly CurlData[],
  form: readonly MultipartRow[],
  json: boolean,
  headers: Array<[string, string]>,
  ignored: string[],
): CurlBody {
  const typeAt = lastIndex(headers, 'content-type');
  const type = typeAt < 0 ? undefined : (headers[typeAt]?.[1] ?? '');
  const base = type?.split(';')[0]?.trim().toLowerCase();
  const without = (drop: boolean): Array<[string, string]> => headers.filter((_, i) => !(drop && i === typeAt));
  if (form.length > 0)
    return {
      body: { ...emptyBody(), mode: 'multipart', multipart: form },
      headers: without(base === 'multipart/form-data'),
    };
  if (data.length === 0) return { body: emptyBody(), headers };
  const only = data[0];
  if (data.length === 1 && only?.kind === 'file' && !json) {
    if (!only.flag.includes('binary')) {
      ignored.push(`${only.flag} @${only.text.slice(0, 80)} (sent as it is; curl would take its line breaks out)`);
    }
    return {
      body: { ...emptyBody(), mode: 'binary', file: only.text },
      headers: without(base === 'application/octet-stream' && type === base),
    };
  }
  for (const d of data) if (d.kind === 'file') ignored.push(`${d.flag} @${d.text.slice(0, 80)} (the file is not read)`);
  const text = data
    .filter((d) => d.kind === 'text')
    .map((d) => d.text)
    .join('&');
  const exact = (value: string): boolean => type !== undefined && type.trim().toLowerCase() === value;
  const jsonType = base === 'application/json' || (base?.endsWith('+json') ?? false);
  const accept = (rest: Array<[string, string]>): Array<[string, string]> =>
    json && lastIndex(rest, 'accept') < 0 ? [...rest, ['Accept', 'application/json']] : rest;
  if ((json || jsonType || base === undefined || base === FORM) && parsesAsObjectOrList(text)) {
    const graphql = graphqlOf(text);
    const body: BodyDraft = graphql
      ? { ...emptyBody(), mode: 'graphql', graphql }
      : { ...emptyBody(), mode: 'json', text };
    return { body, headers: accept(without(exact('application/json'))) };
  }
  if (json) {
    const rest = typeAt < 0 ? [...headers, ['Content-Type', 'application/json'] as [string, string]] : headers;
    return { body: { ...emptyBody(), mode: 'text', text }, headers: accept(rest) };
  }
  if (base === undefined || base === FORM) {
    const rows = formRows(text);
    if (rows) return { body: { ...emptyBody(), mode: 'form', form: rows }, headers: without(exact(FORM)) };
    if (base === undefined) {
      return { body: { ...emptyBody(), mode: 'text', text }, headers: [...headers, ['Content-Type', FORM]] };
    }
  }
  const xml = base === 'application/xml' || base === 'text/xml' || (base?.endsWith('+xml') ?? false);
  if (xml) return { body: { ...emptyBody(), mode: 'xml', text }, headers: without(exact('application/xml')) };
  return { body: { ...emptyBody(), mode: 'text', text }, headers: without(exact('text/plain; charset=utf-8')) };
}

function lastIndex(headers: ReadonlyArray<readonly [string, string]>, name: string): number {
  for (let i = headers.length - 1; i >= 0; i--) if (headers[i]?.[0].toLowerCase() === name) return i;
  return -1;
}

function parsesAsObjectOrList(text: string): boolean {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `name=value&…` decoded as a form (`+` is a space); undefined when the text is not in that shape. */
function formRows(text: string): Array<{ enabled: true; name: string; value: string }> | undefined {
  if (text === '') return undefined;
  const rows: Array<{ enabled: true; name: string; value: string }> = [];
  for (const piece of text.split('&')) {
    const eq = piece.indexOf('=');
    if (eq <= 0) return undefined;
    try {
      const decode = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
      rows.push({ enabled: true, name: decode(piece.slice(0, eq)), value: decode(piece.slice(eq + 1)) });
    } catch {
      return undefined;
    }
  }
  return rows;
}

/**
 * `{"query": "…"}` or `{"query": "…", "variables": {…}}` as a GraphQL draft; the variables as written when the
 * text is in the shape PushPull sends (so a copied request comes back the same), re-indented otherwise.
 */
function graphqlOf(text: string): { query: string; variables: string } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const variables = record['variables'];
  if (typeof record['query'] !== 'string' || keys.some((k) => k !== 'query' && k !== 'variables')) return undefined;
  if (variables !== undefined && (typeof variables !== 'object' || variables === null || Array.isArray(variables))) {
    return undefined;
  }
  const written = /^\{"query":"(?:[^"\\]|\\.)*","variables":([\s\S]*)\}$/.exec(text)?.[1];
  const raw = written !== undefined ? written : variables === undefined ? '' : JSON.stringify(variables, null, 2);
  return { query: record['query'], variables: raw };
}
