import type { AuthDraft, DraftRow, RequestDraft, SecretField } from './draft';
import { curlBody } from './curlBody';
import { nothingCollected, readOptions, type Collected } from './curlOptions';
import { CurlImportError, curlWords } from './curlWords';

export { CurlImportError } from './curlWords';

export interface CurlImport {
  readonly draft: RequestDraft;
  /** What the command asks that the draft does not carry (flags, file contents…), one entry each. */
  readonly ignored: readonly string[];
  /** Secrets the command holds (a `-u` password, a Bearer token): for the caller to store, never in the draft. */
  readonly secrets: Partial<Record<SecretField, string>>;
}

/**
 * A pasted `curl …` command as a request draft (see `curlWords` for the shell syntax understood). Options PushPull
 * does not carry are listed in `ignored`, never dropped silently; a `-u` password or a token in an Authorization
 * header goes to `secrets`. Throws a CurlImportError with a sentence (not curl, no URL, an open quote…).
 */
export function importCurl(command: string, id: string): CurlImport {
  const { words, rest } = curlWords(command);
  const c = nothingCollected();
  readOptions(words, c);
  if (rest !== undefined) c.ignored.push(`${rest.slice(0, 60)} (what runs after curl)`);
  const url = c.urls[0];
  if (url === undefined) throw new CurlImportError('The command has no URL.');
  for (const other of c.urls.slice(1)) c.ignored.push(`${other.slice(0, 80)} (a second URL)`);
  if (c.data.length > 0 && c.form.length > 0) {
    throw new CurlImportError('The command sends both data (-d) and a form (-F); curl refuses that too.');
  }
  let target = url;
  for (const part of c.query) target = appendQuery(target, part);
  const hasBody = (c.data.length > 0 || c.form.length > 0) && !c.get;
  if (c.get && c.data.length > 0) {
    target = appendQuery(target, c.data.map((d) => (d.kind === 'file' ? '' : d.text)).join('&'));
    for (const d of c.data) if (d.kind === 'file') c.ignored.push(`${d.flag} @${d.text} (the file is not read)`);
  }
  const body = curlBody(hasBody ? c.data : [], c.form, c.json, c.headers, c.ignored);
  const secrets: Partial<Record<SecretField, string>> = {};
  const auth = readAuth(c, body.headers, secrets);
  if (c.compressed && !has(body.headers, 'accept-encoding'))
    body.headers.push(['Accept-Encoding', 'gzip, deflate, br']);
  const method = c.method ?? (c.head ? 'HEAD' : hasBody ? 'POST' : 'GET');
  const headers: DraftRow[] = body.headers.map(([name, value]) => ({ enabled: true, name, value }));
  return {
    draft: {
      id,
      method,
      url: target,
      headers,
      body: body.body,
      auth,
      options: { followRedirects: c.follow, allowInvalidCertificates: c.insecure },
    },
    ignored: c.ignored,
    secrets,
  };
}

function readAuth(
  c: Collected,
  headers: Array<[string, string]>,
  secrets: Partial<Record<SecretField, string>>,
): AuthDraft {
  if (c.user !== undefined) {
    const colon = c.user.indexOf(':');
    if (colon >= 0) secrets.password = c.user.slice(colon + 1);
    return { kind: 'basic', username: colon >= 0 ? c.user.slice(0, colon) : c.user };
  }
  if (c.bearer !== undefined) {
    secrets.token = c.bearer;
    return { kind: 'bearer' };
  }
  const auth = headers.filter(([name]) => name.toLowerCase() === 'authorization');
  const value = auth.length === 1 ? (auth[0]?.[1] ?? '') : '';
  const bearer = /^Bearer\s+(\S.*)$/i.exec(value);
  const basic = /^Basic\s+([A-Za-z0-9+/]+={0,2})$/i.exec(value);
  const pair = basic ? Buffer.from(basic[1] ?? '', 'base64').toString('utf8') : '';
  if (bearer) secrets.token = bearer[1] as string;
  else if (basic && pair.includes(':') && !pair.includes('\uFFFD'))
    secrets.password = pair.slice(pair.indexOf(':') + 1);
  else return { kind: 'none' };
  headers.splice(headers.indexOf(auth[0] as [string, string]), 1);
  return bearer ? { kind: 'bearer' } : { kind: 'basic', username: pair.slice(0, pair.indexOf(':')) };
}

function has(headers: ReadonlyArray<readonly [string, string]>, name: string): boolean {
  return headers.some(([n]) => n.toLowerCase() === name);
}

function appendQuery(url: string, part: string): string {
  if (part === '') return url;
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  const sep = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${sep}${part}${hash < 0 ? '' : url.slice(hash)}`;
}
