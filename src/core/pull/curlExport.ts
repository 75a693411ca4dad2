import type { DraftRow, RequestDraft, SecretField, SecretLookup } from './draft';
import { withQueryParameter } from './draftRequest';
import type { Environment } from './environments';
import { VariableError, VariableResolver, type ResolveOptions } from './variables';

export interface CurlExportOptions extends ResolveOptions {
  /** When given, `{{variables}}` are resolved (those it cannot resolve stay as written); otherwise all stay. */
  readonly environment?: Environment;
  /** The draft's secrets; only written out when `showSecrets` is true. */
  readonly secrets?: SecretLookup;
  /** Write the secrets' values instead of `$PASSWORD`-style shell variables. */
  readonly showSecrets?: boolean;
}

/** The shell variables that stand for secrets in an exported command. */
export const SECRET_PLACEHOLDERS: Readonly<Record<SecretField, string>> = {
  password: 'PASSWORD',
  token: 'TOKEN',
  apiKeyValue: 'API_KEY',
  clientSecret: 'CLIENT_SECRET',
};
const ACCESS_TOKEN = 'ACCESS_TOKEN';

const DEFAULT_TYPES = {
  json: 'application/json',
  graphql: 'application/json',
  xml: 'application/xml',
  text: 'text/plain; charset=utf-8',
  binary: 'application/octet-stream',
} as const;

/**
 * A `curl` command (POSIX shell, lines continued with `\`) that sends what the draft sends: enabled rows only,
 * the body of its mode with the Content-Type PushPull adds, auth, redirects and certificate checks. Secrets are
 * `"$PASSWORD"`, `"$TOKEN"`, `"$API_KEY"` (an OAuth 2.0 token `"$ACCESS_TOKEN"`) unless `showSecrets`. `importCurl`
 * reads it back as the same draft, except an API key or OAuth 2.0 tab, which comes back as the header or query
 * parameter it sends.
 */
export function exportCurl(draft: RequestDraft, options: CurlExportOptions = {}): string {
  const resolver = options.environment ? new VariableResolver(options.environment, options) : undefined;
  const r = (text: string): string => {
    try {
      return resolver ? resolver.resolve(text).text : text;
    } catch (error) {
      if (error instanceof VariableError) return text;
      throw error;
    }
  };
  const secret = (field: SecretField): string => {
    const value = options.showSecrets ? options.secrets?.(field) : undefined;
    return value === undefined ? `"$${SECRET_PLACEHOLDERS[field]}"` : quote(r(value));
  };
  const rows = (table: readonly DraftRow[]): Array<[string, string]> =>
    table
      .filter((row) => row.enabled && (row.name !== '' || row.value !== ''))
      .map((row) => [r(row.name), r(row.value)]);
  const headers = rows(draft.headers).map(([name, value]) => [name.trim(), value.trim()] as [string, string]);
  const has = (name: string): boolean => headers.some(([n]) => n.toLowerCase() === name.toLowerCase());
  const lines: string[] = [];
  const method = draft.method.trim();
  const body = bodyOptions(draft, r, rows);
  const auth = draft.auth;
  let url = quote(r(draft.url).trim());
  if (auth.kind === 'apiKey' && auth.in === 'query') {
    const name = r(auth.name).trim();
    const shown = options.showSecrets ? options.secrets?.('apiKeyValue') : undefined;
    const base = r(draft.url).trim().split('#')[0] ?? '';
    url =
      shown === undefined
        ? `${quote(withQueryParameter(base, name, ''))}"$${SECRET_PLACEHOLDERS.apiKeyValue}"`
        : quote(withQueryParameter(base, name, r(shown)));
  }
  const first = ['curl'];
  const upper = method.toUpperCase();
  if (upper === 'HEAD' && body.length === 0) first.push('--head');
  else if (!(upper === 'GET' && body.length === 0) && !(upper === 'POST' && body.length > 0))
    first.push('-X', quote(method));
  first.push(url);
  const target = r(draft.url).trim();
  // curl reads [] and {} in a URL as ranges to expand (Stripe's `expand[]=…`): -g sends them as they are.
  if (/[[\]{}]/.test(target)) first.push('-g');
  // Without a scheme curl would use http; PushPull, like a browser, uses https for hosts other than loopback.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target) && !/^(localhost|127\.|\[::1\])/i.test(target)) {
    first.push('--proto-default', 'https');
  }
  lines.push(first.join(' '));
  for (const [name, value] of headers) lines.push(`-H ${quote(value === '' ? `${name};` : `${name}: ${value}`)}`);
  const type =
    draft.body.mode === 'none' || draft.body.mode === 'form' || draft.body.mode === 'multipart'
      ? undefined
      : DEFAULT_TYPES[draft.body.mode];
  if (type !== undefined && body.length > 0 && !has('content-type')) lines.push(`-H ${quote(`Content-Type: ${type}`)}`);
  if (auth.kind === 'basic' && !has('authorization'))
    lines.push(`-u ${quote(`${r(auth.username)}:`)}${secret('password')}`);
  if (auth.kind === 'bearer' && !has('authorization')) lines.push(`--oauth2-bearer ${secret('token')}`);
  if (auth.kind === 'apiKey' && auth.in === 'header' && !has(r(auth.name).trim())) {
    lines.push(`-H ${quote(`${r(auth.name).trim()}: `)}${secret('apiKeyValue')}`);
  }
  if (auth.kind === 'oauth2' && !has('authorization'))
    lines.push(`-H ${quote('Authorization: Bearer ')}"$${ACCESS_TOKEN}"`);
  lines.push(...body);
  const flags = [draft.options.followRedirects ? '-L' : '', draft.options.allowInvalidCertificates ? '-k' : ''];
  if (flags.some((f) => f !== '')) lines.push(flags.filter((f) => f !== '').join(' '));
  return lines.join(' \\\n  ');
}

/** The options that carry the body of the draft's mode; none when it sends no body. */
function bodyOptions(
  draft: RequestDraft,
  r: (text: string) => string,
  rows: (table: readonly DraftRow[]) => Array<[string, string]>,
): string[] {
  const body = draft.body;
  switch (body.mode) {
    case 'none':
      return [];
    case 'json':
    case 'xml':
    case 'text': {
      const text = r(body.text);
      return text.trim() === '' ? [] : [`--data-raw ${quote(text)}`];
    }
    case 'form': {
      const form = new URLSearchParams();
      for (const [name, value] of rows(body.form)) form.append(name, value);
      return [`--data-raw ${quote(form.toString())}`];
    }
    case 'multipart':
      return body.multipart
        .filter((row) => row.enabled && (row.name !== '' || row.value !== ''))
        .map((row) => {
          const name = r(row.name);
          const value = r(row.value);
          if (row.kind === 'file') return `-F ${quote(`${name}=@${value}`)}`;
          const plain = !/^[@<]/.test(value) && !value.includes(';');
          return `${plain ? '-F' : '--form-string'} ${quote(`${name}=${value}`)}`;
        });
    case 'binary':
      return [`--data-binary ${quote(`@${r(body.file)}`)}`];
    case 'graphql': {
      const variables = r(body.graphql.variables).trim();
      const json = `{"query":${JSON.stringify(r(body.graphql.query))}${variables === '' ? '' : `,"variables":${variables}`}}`;
      return [`--data-raw ${quote(json)}`];
    }
  }
}

/**
 * A POSIX shell word for `text`: as it is when it holds only safe characters, otherwise single-quoted, with control
 * characters other than line feed written as `$'\xHH'` so that a paste into a terminal does not act on them.
 */
export function quote(text: string): string {
  if (/^[\w\-.,:/=@%+]+$/.test(text)) return text;
  let out = '';
  let plain = '';
  const flush = (): void => {
    if (plain !== '') out += `'${plain.replace(/'/g, `'\\''`)}'`;
    plain = '';
  };
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if ((code < 0x20 && ch !== '\n') || code === 0x7f) {
      flush();
      out += `$'\\x${code.toString(16).padStart(2, '0')}'`;
    } else plain += ch;
  }
  flush();
  return out === '' ? "''" : out;
}
