import { headerValue } from '../model/headers';
import type { HookMeta } from '../model/hook';

/** Headers that describe one connection or are recomputed by whoever sends again. */
const NOT_REPLAYED = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'upgrade',
]);

/** The hook's headers that a replay sends again, in arrival order. */
export function replayHeaders(hook: Pick<HookMeta, 'headers'>): Array<readonly [string, string]> {
  return hook.headers.filter(([name]) => !NOT_REPLAYED.has(name.toLowerCase()));
}

/**
 * The body as UTF-8 text, or undefined when it is not valid UTF-8 (binary). A leading byte-order mark is kept:
 * the text is exactly the bytes that came.
 */
export function utf8Text(body: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return undefined;
  }
}

/**
 * The bytes of a header value or request target as Node decoded them: one char per byte (Latin-1). A string with
 * chars past U+00FF did not come from the wire and is taken as UTF-8.
 */
export function wireBytes(text: string): Buffer {
  // eslint-disable-next-line no-control-regex
  return /^[\u0000-\u00ff]*$/.test(text) ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
}

/** An http(s) URL split in parts, with what was changed to make it one. */
export interface HttpTarget {
  readonly scheme: 'http' | 'https';
  /** host[:port], a plain host name, IPv4 or bracketed IPv6 address: never user info or odd characters. */
  readonly authority: string;
  /** The request target: path and query as received (starts with `/`). */
  readonly target: string;
  /** Why the URL differs from the one asked for, in words (empty when it does not). */
  readonly notes: readonly string[];
}

/** host, IPv4 or [IPv6], then an optional port: what every URL parser reads the same way. */
const AUTHORITY = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._~-]*[A-Za-z0-9_~])?\.?|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;

/** Falls back to this host when the received one cannot be part of a URL. */
const FALLBACK_HOST = 'localhost';

/**
 * Where a replay of the hook goes, always over http(s): `url` (default the hook's full URL) when it is an http(s)
 * URL with a plain host, else http:// with the Host header (or localhost) and the received path and query. A
 * request target in absolute form with another scheme (gopher://, file://…) never makes a replay speak that
 * protocol.
 */
export function httpTarget(hook: Pick<HookMeta, 'url' | 'headers'>, url: string): HttpTarget {
  const notes: string[] = [];
  const match = /^(https?):\/\/([^/?#]*)([\s\S]*)$/i.exec(url);
  let scheme: 'http' | 'https' = 'http';
  let authority: string;
  let target: string;
  if (match) {
    scheme = (match[1] as string).toLowerCase() as 'http' | 'https';
    authority = match[2] as string;
    target = match[3] as string;
  } else {
    notes.push('the request target was not an http(s) URL: this sends it over http to the host it named');
    authority = headerValue(hook, 'host') ?? FALLBACK_HOST;
    target = hook.url;
  }
  if (!target.startsWith('/')) target = `/${target}`;
  if (!validAuthority(authority)) {
    notes.push(`the host is not a valid host name: this uses ${FALLBACK_HOST}`);
    authority = FALLBACK_HOST;
  }
  return { scheme, authority, target, notes };
}

function validAuthority(authority: string): boolean {
  const match = AUTHORITY.exec(authority);
  if (!match || (match[1] !== undefined && Number(match[1]) > 65535)) return false;
  try {
    new URL(`http://${authority}/`);
    return true;
  } catch {
    return false;
  }
}

/** The body's file name in a .http export: the name Save Body As… suggests, kept to safe characters. */
export function bodyFileName(hook: Pick<HookMeta, 'path' | 'id' | 'contentType'>): string {
  const type = hook.contentType ?? '';
  const extension = /json/i.test(type) ? 'json' : /xml/i.test(type) ? 'xml' : 'bin';
  const stem = (hook.path.split('/').filter(Boolean).join('-') || 'hook').slice(0, 100);
  return `${stem}-${hook.id}.${extension}`.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.-]/, '_');
}
