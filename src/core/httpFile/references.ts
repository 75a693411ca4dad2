import { headerValues } from '../model/headers';
import type { OutgoingRequest } from '../model/pulled';
import { jsonPathQuery, parseJsonBody, valueText, xpathQuery } from './bodyQuery';

/** What a named request sent and got, kept for `{{name.response.body.$.x}}` and `{{name.request.headers.X}}`. */
export interface SentExchange {
  readonly request: OutgoingRequest;
  /** The request body's bytes when they were in memory. */
  readonly requestBody: Uint8Array | undefined;
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The response body (decoded), up to the bytes queries read; undefined when it could not be read. */
  readonly body: Uint8Array | undefined;
}

/** `{{name.response.body.$.token}}`: which request, which side, body or headers, and the path or header name. */
export interface Reference {
  readonly name: string;
  readonly side: 'request' | 'response';
  readonly part: 'body' | 'headers';
  /** `*` (the whole body), a JSONPath (`$…`), an XPath (`/…`), or a header name. */
  readonly path: string;
}

const REFERENCE = /^([\w-]+)\.(request|response)\.(body|headers)\.([\s\S]+)$/;

/** The reference `{{inner}}` holds, or undefined when it is not one. */
export function parseReference(inner: string): Reference | undefined {
  const match = REFERENCE.exec(inner);
  if (!match) return undefined;
  const [, name = '', side, part, path = ''] = match;
  return { name, side: side as Reference['side'], part: part as Reference['part'], path: path.trim() };
}

/** The value the reference has in what the request sent or got: text, or why there is none. */
export function referenceValue(reference: Reference, sent: SentExchange): string | { problem: string } {
  const where = `${reference.name}'s ${reference.side}`;
  const headers = reference.side === 'request' ? sent.request.headers : sent.headers;
  if (reference.part === 'headers') {
    const values = headerValues({ headers }, reference.path);
    return values.length > 0 ? values.join(', ') : { problem: `${where} has no header ${reference.path}` };
  }
  const bytes = reference.side === 'request' ? sent.requestBody : sent.body;
  if (bytes === undefined) return { problem: `${where} body cannot be read` };
  const text = Buffer.from(bytes).toString('utf8');
  if (reference.path === '*') return text;
  if (reference.path.startsWith('$')) {
    const json = parseJsonBody(text);
    if ('problem' in json) return { problem: `${where}: ${json.problem}` };
    const found = jsonPathQuery(json.value, reference.path);
    if (found.kind === 'found') return valueText(found.value);
    return { problem: found.kind === 'none' ? `${reference.path} finds nothing in ${where} body` : found.problem };
  }
  if (reference.path.startsWith('/')) {
    const found = xpathQuery(text, reference.path);
    if (found.kind === 'found') return valueText(found.value);
    return { problem: found.kind === 'none' ? `${reference.path} finds nothing in ${where} body` : found.problem };
  }
  return { problem: `"${reference.path}" is neither *, a JSONPath ($…) nor an XPath (/…)` };
}
