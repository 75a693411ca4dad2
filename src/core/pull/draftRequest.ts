import type { OutgoingRequest } from '../model/pulled';
import type { RequestDraft, SecretLookup } from './draft';
import { buildAuth, type AuthAddition, type TokenSource } from './draftAuth';
import { buildBody } from './draftBody';
import { DraftReader, type DraftProblem } from './draftProblems';
import type { Environment } from './environments';
import type { ResolveOptions } from './variables';

export type { DraftProblem } from './draftProblems';

export interface BuildOptions extends ResolveOptions {
  readonly environment: Environment;
  /** The draft's secrets (password, token, API key, client secret), kept by the caller in SecretStorage. */
  readonly secrets: SecretLookup;
  /** Fetches OAuth 2.0 tokens (a TokenCache's `token`); without it an OAuth 2.0 draft is a problem. */
  readonly tokens?: TokenSource;
  /** The multipart boundary; a random one by default. */
  readonly boundary?: string;
}

export type BuiltRequest =
  | { readonly ok: true; readonly request: OutgoingRequest }
  | { readonly ok: false; readonly problems: readonly DraftProblem[] };

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const STANDARD = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT']);

/**
 * The request a draft stands for: enabled rows only, `{{variables}}` resolved in every field (secrets too), the
 * body of the selected mode with a Content-Type unless the user set one, and the auth tab's header or query
 * parameter. A header the user set (`Authorization`, or the API key's header) wins over the auth tab. Every
 * problem is listed with its field; an OAuth 2.0 token is only fetched when there is no other problem. Errors of
 * the token request other than the token endpoint's own (no connection…) are thrown as the sender threw them.
 */
export async function buildRequest(draft: RequestDraft, options: BuildOptions): Promise<BuiltRequest> {
  const reader = new DraftReader(options.environment, options);
  const method = draft.method.trim();
  if (!TOKEN.test(method)) reader.problem('method', `"${method}" is not a method: use letters such as GET or POST.`);
  let url = reader.text('url', draft.url).trim();
  checkUrl(url, reader);
  const headers = readHeaders(draft, reader);
  const has = (name: string): boolean => headers.some(([n]) => n.toLowerCase() === name);
  const body = await buildBody(draft.body, reader, options.boundary);
  const auth: AuthAddition = await buildAuth(draft.auth, options.secrets, reader, has, options.tokens);
  if (reader.problems.length > 0 || body === undefined) return { ok: false, problems: reader.problems };
  if (auth.kind === 'header') headers.push([auth.name, auth.value]);
  if (auth.kind === 'query') url = withQueryParameter(url, auth.name, auth.value);
  if (body.contentType !== undefined && !has('content-type')) headers.push(['Content-Type', body.contentType]);
  const upper = method.toUpperCase();
  return {
    ok: true,
    request: { method: STANDARD.has(upper) ? upper : method, url, headers, body: body.body },
  };
}

function readHeaders(draft: RequestDraft, reader: DraftReader): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  draft.headers.forEach((row, index) => {
    if (!row.enabled || (row.name.trim() === '' && row.value === '')) return;
    const field = `headers[${index}]`;
    const name = reader.text(`${field}.name`, row.name).trim();
    const value = reader.text(`${field}.value`, row.value).trim();
    if (!TOKEN.test(name)) {
      const shown = name === '' ? 'A header with a value needs a name.' : `"${name}" is not a header name.`;
      reader.problem(`${field}.name`, `${shown} Header names are letters, digits and !#$%&'*+-.^_\`|~.`);
    }
    if (/[\0\r\n]/.test(value)) reader.problem(`${field}.value`, 'A header value cannot hold a line break.');
    headers.push([name, value]);
  });
  return headers;
}

function checkUrl(url: string, reader: DraftReader): void {
  if (url === '') {
    reader.problem('url', 'Enter the URL to send the request to.');
    return;
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    reader.problem('url', `Only http and https URLs can be sent, not ${scheme}:.`);
  } else if (!URL.canParse(scheme ? url : `http://${url}`)) {
    reader.problem('url', `"${url.slice(0, 200)}" is not a URL.`);
  }
}

/** `url` with `name=value` added to its query (before any `#fragment`), both percent-encoded. */
export function withQueryParameter(url: string, name: string, value: string): string {
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? '' : url.slice(hash);
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}${encodeURIComponent(name)}=${encodeURIComponent(value)}${fragment}`;
}
