import type { PulledExchange } from '../model/pulled';
import { endToEndHeaders } from '../http/hopByHop';
import { isHeaderName } from '../http/headers';
import { INLINE_BODY_BYTES, shellQuote } from './curl';
import { isMasked, maskedHeaderNames, requestBodyBytes } from './exchangeShared';
import { utf8Text } from './shared';

/** Ends the base64 heredoc: `_` is not a base64 character, so no line of the body can end it early. */
const HEREDOC_END = 'PUSHPULL_BODY';

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
  return [
    ...comments,
    `{ base64 -d <<'${HEREDOC_END}'`,
    ...base64Lines(inline),
    HEREDOC_END,
    `} | ${lines.join(' \\\n  ')}`,
  ].join('\n');
}

function word(text: string): string {
  return /^[A-Z][A-Z-]*$/.test(text) ? text : shellQuote(text);
}

/** The body as base64 in lines of 76 characters. */
function base64Lines(body: Uint8Array): string[] {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 76) lines.push(text.slice(i, i + 76));
  return lines;
}
