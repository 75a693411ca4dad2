import type { PulledExchange } from '../model/pulled';
import { endToEndHeaders } from '../http/hopByHop';
import { bodyProblem, commentText, headerLine } from './httpFile';
import { isMasked, maskedHeaderNames, requestBodyBytes } from './exchangeShared';
import { utf8Text } from './shared';

/** How `exchangeToHttp` writes a body it cannot paste. */
export interface HttpBodyFile {
  /** File name, next to the `.http` file, that the caller writes the request body's bytes to. */
  readonly name: string;
}

/**
 * The exchange's request in `.http` format (REST Client, httpYac, PushPull), with a comment saying when it was sent
 * and what it got. Nothing is pasted that a `.http` tool would read as syntax, a template or a script: such headers
 * are left out with a comment; such a body is referenced as a file (`< path`): the file it was sent from, or
 * `bodyFile`, which the caller writes. Masked values are left out and named.
 */
export function exchangeToHttp(
  exchange: Pick<PulledExchange, 'id' | 'startedAt' | 'name' | 'request' | 'response'>,
  bodyFile?: HttpBodyFile,
): string {
  const { request, response } = exchange;
  const sent = new Date(exchange.startedAt).toISOString();
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const comments = [`# Sent ${sent}, answered ${commentText(status)} (${exchange.id})`];
  const lines: string[] = [];
  if (exchange.name !== undefined && /^[A-Za-z0-9_-]+$/.test(exchange.name)) lines.push(`# @name ${exchange.name}`);
  let url = request.url;
  if (url.includes('{{')) {
    url = url.replace(/[{}]/g, (c) => (c === '{' ? '%7B' : '%7D'));
    comments.push(
      '# Note: "{" and "}" in the URL are percent-encoded: .http tools read two "{" in a row as a template.',
    );
  }
  url = url.replace(/\s/g, (c) => encodeURIComponent(c));
  if (isMasked(url)) comments.push('# The URL holds a value the history keeps masked (•••): put it back first.');
  lines.push(`${request.method} ${url} HTTP/1.1`);
  const masked = maskedHeaderNames(request.headers);
  if (masked.length > 0)
    comments.push(
      `# Left out ${masked.join(', ')}: the history keeps ${masked.length === 1 ? 'its value' : 'their values'} masked.`,
    );
  for (const [name, value] of endToEndHeaders(request.headers)) {
    if (isMasked(value)) continue;
    const header = headerLine(name, value);
    if ('problem' in header) {
      comments.push(`# Left out the header ${commentText(name)}: ${header.problem}.`);
      continue;
    }
    if (header.note) comments.push(`# Note: ${header.note}.`);
    lines.push(header.line);
  }
  const body = request.body;
  if (body.kind === 'file') {
    lines.push('', `< ${body.path}`);
  } else {
    const bytes = requestBodyBytes(body);
    if (bytes && bytes.length > 0) {
      const paste = pastedBody(bytes, request.headers);
      if ('text' in paste) lines.push('', paste.text);
      else if (bodyFile) {
        comments.push(`# The body (${bytes.length} bytes) is in ${bodyFile.name} because ${paste.problem}.`);
        lines.push('', `< ./${bodyFile.name}`);
      } else {
        comments.push(`# The body (${bytes.length} bytes) is not pasted here because ${paste.problem}.`);
      }
    }
  }
  return `${[...comments, ...lines].join('\n')}\n`;
}

/** The body as text to paste, or why it cannot be pasted. */
function pastedBody(
  bytes: Uint8Array,
  headers: ReadonlyArray<readonly [string, string]>,
): { text: string } | { problem: string } {
  const text = utf8Text(bytes);
  if (text === undefined) return { problem: 'it is binary (not UTF-8 text)' };
  const types = headers
    .filter(([name]) => name.toLowerCase() === 'content-type')
    .map(([, value]) => (value.split(';')[0] ?? '').trim().toLowerCase());
  const problem = multiLineJsonOk(text) ? undefined : bodyProblem(text, types);
  return problem === undefined ? { text } : { problem };
}

/**
 * A JSON body a person wrote in the panel: several lines are fine in `.http` files when no line could be read as
 * syntax (`###`, `#`, `//`, `<`, `{{`, `>`), and the body neither starts nor ends with white space.
 */
function multiLineJsonOk(text: string): boolean {
  if (!/^[[{]/.test(text) || !/[\]}]$/.test(text) || text.includes('{{') || text.includes('\r')) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) return false;
  return text.split('\n').every((line) => !/^\s*(#|\/\/|<|>|\?\?|@|-{3,}|={3,})/.test(line));
}
