import type { PulledExchange } from '../model/pulled';
import { endToEndHeaders } from '../http/hopByHop';
import { isHeaderName } from '../http/headers';
import { base64Pipe, INLINE_BODY_BYTES, shellQuote, word } from './curl';
import { isMasked, maskedHeaderNames, requestBodyBytes } from './exchangeShared';
import { utf8Text } from './shared';

/** Headers curl adds on its own unless told not to: removed when the request did not have them. */
const CURL_DEFAULTS = ['User-Agent', 'Accept'];
const CURL_BODY_DEFAULTS = ['Content-Type', 'Expect'];

/**
 * A bash command that sends the exchange's request again as it was sent: method, URL, headers in their order and
 * the exact body bytes (a file body is read from its file when the command runs). Headers the history keeps masked
 * are left out and named in a comment above the command, so the command never sends `•••` as a credential. Only
 * http(s) is spoken, the URL is never globbed or normalised, and curl adds no header the request did not have.
 */
export function exchangeToCurl(exchange: Pick<PulledExchange, 'request' | 'response'>): string {
  const { request } = exchange;
  const masked = maskedHeaderNames(request.headers);
  const headers = endToEndHeaders(request.headers).filter(([, value]) => !isMasked(value));
  const has = (name: string): boolean => headers.some(([n]) => n.toLowerCase() === name.toLowerCase());
  const inline = requestBodyBytes(request.body);
  const sendsBody = request.body.kind === 'file' || (inline?.length ?? 0) > 0;
  const method = request.method;
  const comments: string[] = [];
  if (masked.length > 0) {
    comments.push(
      `# The history keeps ${masked.join(', ')} masked: add ${masked.length === 1 ? 'it' : 'them'} with -H 'Name: value' before running.`,
    );
  }
  if (isMasked(request.url))
    comments.push('# The URL holds a value the history keeps masked (•••): put it back first.');
  const first = ['curl'];
  if (method === 'HEAD' && !sendsBody) first.push('--head');
  else if (!(method === 'GET' && !sendsBody) && !(method === 'POST' && sendsBody)) first.push('-X', word(method));
  first.push(shellQuote(request.url));
  const lines = [first.join(' '), `-g --path-as-is --proto '=http,https' --proto-redir '=http,https'`];
  if (exchange.response.redirects.length > 0) lines.push('--location');
  for (const [name, value] of headers) {
    if (!isHeaderName(name) || /[\r\n\0]/.test(value)) continue; // cannot be sent as one header line
    lines.push(`-H ${shellQuote(value === '' ? `${name};` : `${name}: ${value}`)}`);
  }
  const removed = [...CURL_DEFAULTS, ...(sendsBody ? CURL_BODY_DEFAULTS : [])].filter((name) => !has(name));
  if (removed.length > 0) lines.push(removed.map((name) => `-H '${name}:'`).join(' '));
  const command = (extra: string[]): string => [...comments, [...lines, ...extra].join(' \\\n  ')].join('\n');
  if (request.body.kind === 'file') return command([`--data-binary ${shellQuote(`@${request.body.path}`)}`]);
  if (!sendsBody || !inline) return command([]);
  if (inline.length <= INLINE_BODY_BYTES && !inline.includes(0) && utf8Text(inline) !== undefined) {
    return command([`--data-raw ${shellQuote(inline)}`]);
  }
  lines.push('--data-binary @-');
  return [...comments, base64Pipe(inline, lines)].join('\n');
}
