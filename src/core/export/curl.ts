import { headerValue } from '../model/headers';
import type { HookMeta } from '../model/hook';
import { isHeaderName } from '../http/headers';
import { httpTarget, replayHeaders, utf8Text, wireBytes } from './shared';
import { unsafeCharsBeyondC0 } from '../unsafeChars';

/** A shell word: single-quoted, or ANSI-C `$'…'` quoted when it holds bytes a plain quote cannot carry. */
export function shellQuote(bytes: Uint8Array | string): string {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  const text = utf8Text(data);
  if (text !== undefined && !hasControlBytes(data) && !INVISIBLE.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  let out = "$'";
  for (const b of data) {
    if (b === 0x27) out += "\\'";
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `${out}'`;
}

/** DEL, C1 controls, zero-width and bidirectional marks, line separators, byte-order mark: shown escaped. */
const INVISIBLE = unsafeCharsBeyondC0('');

/**
 * Bytes other than newline below 0x20, or DEL: they need escapes to survive a shell and a paste into a terminal
 * (a pasted tab would trigger completion).
 */
function hasControlBytes(data: Uint8Array): boolean {
  return data.some((b) => (b < 0x20 && b !== 0x0a) || b === 0x7f);
}

/** Text bodies up to this size go on the command line (`--data-raw`), readable; all others through stdin. */
export const INLINE_BODY_BYTES = 64 * 1024;

/** Ends the base64 heredoc: `_` is not a base64 character, so no line of the body can end it early. */
const HEREDOC_END = 'PUSHPULL_BODY';

/** Headers curl adds on its own unless told not to: removed when the hook did not have them. */
const CURL_DEFAULTS = ['User-Agent', 'Accept'];
const CURL_BODY_DEFAULTS = ['Content-Type', 'Expect'];

/**
 * A bash command that sends the same method, request target, headers and exact body bytes to `url` (default: where
 * it came). Nothing in it is read by curl as an instruction: the body never goes through `@file` syntax, the URL is
 * never globbed or normalised, only http(s) is spoken, and curl adds no header the hook did not have.
 */
export function toCurl(hook: HookMeta, body: Uint8Array, url = hook.fullUrl): string {
  const { scheme, authority, target } = httpTarget(hook, url);
  const headers = replayHeaders(hook);
  const has = (name: string): boolean => headerValue({ headers }, name) !== undefined;
  const head = hook.method === 'HEAD';
  const sendsBody = body.length > 0 || (!head && headerValue(hook, 'content-length') !== undefined);
  // `#` would end the URL for curl: such a target is sent as it is with --request-target.
  const fragment = target.includes('#');
  const first = ['curl'];
  if (head && !sendsBody) first.push('--head');
  else if (!(hook.method === 'POST' && sendsBody)) first.push('-X', word(hook.method));
  first.push(shellQuote(wireBytes(`${scheme}://${authority}${fragment ? '/' : target}`)));
  const lines = [first.join(' '), `-g --path-as-is --proto '=http,https' --proto-redir '=http,https'`];
  if (fragment) lines.push(`--request-target ${shellQuote(wireBytes(target))}`);
  for (const [name, value] of headers) {
    if (!isHeaderName(name) || /[\r\n\0]/.test(value)) continue; // cannot be sent as one header line
    lines.push(`-H ${shellQuote(Buffer.concat([Buffer.from(name), wireBytes(value === '' ? ';' : `: ${value}`)]))}`);
  }
  const removed = [...CURL_DEFAULTS, ...(sendsBody ? CURL_BODY_DEFAULTS : [])].filter((name) => !has(name));
  if (removed.length > 0) lines.push(removed.map((name) => `-H '${name}:'`).join(' '));
  // A HEAD request with a body cannot use --head: curl would wait for the body a HEAD answer never has.
  if (head && sendsBody) lines.push('--max-time 10');
  if (!sendsBody) return lines.join(' \\\n  ');
  if (inlineBody(body)) {
    lines.push(`--data-raw ${shellQuote(body)}`);
    return lines.join(' \\\n  ');
  }
  lines.push('--data-binary @-');
  return base64Pipe(body, lines);
}

/** `body` in base64 through a heredoc, piped into the curl command made of `lines` (which read it from `@-`). */
export function base64Pipe(body: Uint8Array, lines: readonly string[]): string {
  return [`{ base64 -d <<'${HEREDOC_END}'`, ...base64Lines(body), HEREDOC_END, `} | ${lines.join(' \\\n  ')}`].join(
    '\n',
  );
}

/** Text without NUL (which no argument can hold), small enough for one command-line argument. */
function inlineBody(body: Uint8Array): boolean {
  return body.length <= INLINE_BODY_BYTES && !body.includes(0) && utf8Text(body) !== undefined;
}

/** A method as curl's `-X` takes it: a plain upper-case token as it is, anything else quoted. */
export function word(text: string): string {
  return /^[A-Z][A-Z-]*$/.test(text) ? text : shellQuote(text);
}

/** The body as base64 in lines of 76 characters. */
function base64Lines(body: Uint8Array): string[] {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 76) lines.push(text.slice(i, i + 76));
  return lines;
}
