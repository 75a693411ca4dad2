import { PushPullError } from '../errors';
import { isHeaderName } from '../http/headers';
import { endToEndHeaders } from '../http/hopByHop';
import { prettyJson } from '../json/pretty';
import type { HookMeta } from '../model/hook';
import { utf8Text } from '../export/shared';

/** A request as Edit and Replay shows and reads it: request line, headers, body. */
export interface EditedRequest {
  readonly method: string;
  /** Path and query, as the request line has them. */
  readonly url: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Uint8Array;
}

/** The text of an Edit and Replay document, and the body text in it (pretty-printed when it is JSON). */
export interface RequestDocument {
  readonly text: string;
  readonly bodyText: string;
}

/** Why an edited request cannot be read; `line` is 0-based. */
export class EditedRequestError extends PushPullError {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super('EDITED_REQUEST_INVALID', message);
  }
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/**
 * A hook as one editable text: `METHOD path HTTP/1.1`, its headers as sent again (those a sender computes
 * for itself, Host and Content-Length, left out), a blank line, and its body (JSON pretty-printed). Undefined
 * when the body is not UTF-8 text.
 */
export function requestDocument(
  hook: Pick<HookMeta, 'method' | 'url' | 'headers' | 'contentType'>,
  body: Uint8Array,
): RequestDocument | undefined {
  const text = utf8Text(body);
  if (text === undefined) return undefined;
  const looksJson = JSON_TYPE.test(hook.contentType ?? '') || /^\s*[[{]/.test(text);
  const bodyText = (looksJson && prettyJson(text)) || text;
  const head = [`${hook.method} ${hook.url} HTTP/1.1`, ...endToEndHeaders(hook.headers).map(([n, v]) => `${n}: ${v}`)];
  return { text: `${head.join('\n')}\n\n${bodyText}`, bodyText };
}

/**
 * Reads an edited document back: the request line (`METHOD path [HTTP/x]`), `Name: value` headers up to the
 * first blank line, and everything after it as the body, exactly (no newline added or taken away). Throws an
 * `EditedRequestError` naming the line that cannot be read.
 */
export function parseRequestDocument(text: string): EditedRequest {
  const lines = text.split(/\r?\n/);
  const requestLine = /^([A-Za-z]+) +(\/\S*)(?: +HTTP\/\d(?:\.\d)?)? *$/.exec(lines[0] ?? '');
  if (!requestLine) {
    throw new EditedRequestError('The first line must be the request line, e.g. "POST /webhooks HTTP/1.1".', 0);
  }
  const headers: Array<[string, string]> = [];
  let i = 1;
  for (; i < lines.length && lines[i] !== ''; i++) {
    const line = lines[i] ?? '';
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).trim();
    if (!isHeaderName(name)) {
      throw new EditedRequestError(`Line ${i + 1} is not a header ("Name: value"); a blank line starts the body.`, i);
    }
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  // The body starts after the blank line, with the line endings the document has.
  const separator = /\r?\n\r?\n/.exec(text);
  const bodyText = i < lines.length && separator ? text.slice(separator.index + separator[0].length) : '';
  return {
    method: (requestLine[1] ?? 'POST').toUpperCase(),
    url: requestLine[2] ?? '/',
    headers,
    body: Buffer.from(bodyText, 'utf8'),
  };
}
