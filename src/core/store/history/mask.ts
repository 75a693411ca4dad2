import type { HistoryAddOptions } from '../../model/history';
import type { OutgoingRequest, PulledExchange, PulledResponse, RedirectHop } from '../../model/pulled';

/** What a masked value is replaced with. */
export const MASK = '•••';

/** Headers whose values are credentials: masked always (unless masking is off). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization']);

type Headers = ReadonlyArray<readonly [string, string]>;

/** How one exchange is masked: the secret header names (lower case) and values, longest value first. */
export interface Masking {
  readonly on: boolean;
  readonly names: ReadonlySet<string>;
  readonly values: readonly string[];
}

export function maskingOf(options: HistoryAddOptions | undefined): Masking {
  const on = options?.mask !== false;
  const names = new Set((options?.secretHeaders ?? []).map((name) => name.toLowerCase()));
  // Longest first, so that a secret containing another is replaced whole; empty values would mask everything.
  const values = [...new Set(options?.secretValues ?? [])]
    .filter((v) => v.length > 0)
    .sort((a, b) => b.length - a.length);
  return { on, names, values };
}

/**
 * The exchange as the history keeps it: URLs without userinfo (always: PushPull never stores credentials of a
 * URL), and unless masking is off, credential and cookie header values and secret values replaced by `•••`.
 * Bodies are left to the caller (`maskBytes`).
 */
export function maskExchange(exchange: PulledExchange, masking: Masking): PulledExchange {
  const request: OutgoingRequest = {
    ...exchange.request,
    url: maskUrl(exchange.request.url, masking),
    headers: maskHeaders(exchange.request.headers, masking),
  };
  const response: PulledResponse = {
    ...exchange.response,
    url: maskUrl(exchange.response.url, masking),
    headers: maskHeaders(exchange.response.headers, masking),
    redirects: exchange.response.redirects.map((hop): RedirectHop => ({
      url: maskUrl(hop.url, masking),
      status: hop.status,
      headers: maskHeaders(hop.headers, masking),
      location: maskUrl(hop.location, masking),
    })),
  };
  return { ...exchange, request, response };
}

export function maskHeaders(headers: Headers, masking: Masking): Array<readonly [string, string]> {
  return headers.map(([name, value]): readonly [string, string] => [name, maskHeaderValue(name, value, masking)]);
}

function maskHeaderValue(name: string, value: string, masking: Masking): string {
  if (!masking.on) return value;
  const lower = name.toLowerCase();
  if (CREDENTIAL_HEADERS.has(lower)) return maskCredential(value);
  if (lower === 'cookie') return maskCookies(value);
  if (lower === 'set-cookie') return maskSetCookie(value);
  if (masking.names.has(lower)) return MASK;
  if (lower === 'location') return maskUrl(value, masking);
  return replaceSecrets(value, masking.values);
}

/** `Bearer abc` → `Bearer •••`: the scheme word stays, so one can tell what was sent. */
function maskCredential(value: string): string {
  const match = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,31})\s+\S/.exec(value);
  return match ? `${match[1] as string} ${MASK}` : MASK;
}

/** `a=1; b=2` → `a=•••; b=•••`: cookie names stay. */
function maskCookies(value: string): string {
  return value
    .split(';')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? MASK : `${pair.slice(0, eq).trim().slice(0, 256)}=${MASK}`;
    })
    .join('; ');
}

/** `sid=abc; Path=/; HttpOnly` → `sid=•••; Path=/; HttpOnly`: the name and attributes stay. */
function maskSetCookie(value: string): string {
  const semi = value.indexOf(';');
  const first = semi < 0 ? value : value.slice(0, semi);
  const eq = first.indexOf('=');
  const masked = eq < 0 ? MASK : `${first.slice(0, eq).trim().slice(0, 256)}=${MASK}`;
  return semi < 0 ? masked : masked + value.slice(semi);
}

/**
 * The URL without userinfo (`https://user:pass@host/` → `https://host/`), and with secret values (as written or
 * percent-encoded) replaced wherever they appear. Not parsed and written again: the rest stays as it was.
 */
export function maskUrl(url: string, masking: Masking): string {
  const bare = stripUserinfo(url);
  if (!masking.on || masking.values.length === 0) return bare;
  const encoded = masking.values.map((value) => encodeURIComponent(value)).filter((v) => !masking.values.includes(v));
  return replaceSecrets(replaceSecrets(bare, masking.values), encoded);
}

export function stripUserinfo(url: string): string {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(url);
  if (!scheme) return url;
  const start = scheme[0].length;
  let end = url.length;
  for (const stop of ['/', '?', '#']) {
    const at = url.indexOf(stop, start);
    if (at >= 0 && at < end) end = at;
  }
  const at = url.lastIndexOf('@', end - 1);
  return at >= start ? url.slice(0, start) + url.slice(at + 1) : url;
}

function replaceSecrets(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) if (out.includes(value)) out = out.split(value).join(MASK);
  return out;
}

/** `bytes` with every secret value (as UTF-8) replaced by `•••`; the same array when none occurs. */
export function maskBytes(bytes: Uint8Array, values: readonly string[]): Uint8Array {
  let out = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mask = Buffer.from(MASK);
  let changed = false;
  for (const value of values) {
    const needle = Buffer.from(value);
    let at = out.indexOf(needle);
    if (at < 0) continue;
    const parts: Buffer[] = [];
    let from = 0;
    while (at >= 0) {
      parts.push(out.subarray(from, at), mask);
      from = at + needle.length;
      at = out.indexOf(needle, from);
    }
    parts.push(out.subarray(from));
    out = Buffer.concat(parts);
    changed = true;
  }
  return changed ? out : bytes;
}
