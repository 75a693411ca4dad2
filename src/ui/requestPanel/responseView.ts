import type { HttpResponse } from '../../core/model/exchange';
import { headerValue } from '../../core/model/headers';
import { renderBody, type RenderedBody } from '../../core/render/payload';
import { unicodeEscape, unsafeChars, unsafeCharsInText } from '../../core/unsafeChars';
import type { ResponseView } from '../../webview/requestPanel/protocol';

/** The panel shows at most this much of a body; all of it opens in an editor. */
export const MAX_SHOWN_CHARS = 1024 * 1024;

/** In a header line: every unsafe character, tab kept. */
const HEADER_UNSAFE = unsafeChars();
/** In a body: unsafe characters other than tab and line breaks, which text keeps. */
const BODY_UNSAFE = unsafeCharsInText();

export function responseBody(response: HttpResponse): RenderedBody {
  return renderBody(response.body, headerValue(response, 'content-type'));
}

/**
 * What the page shows of a response: headers and body as text, with the characters that would hide or
 * reorder text escaped as `\uXXXX`, and the body cut to MAX_SHOWN_CHARS (a page with tens of MB of text
 * stops answering).
 */
export function responseView(response: HttpResponse, body: RenderedBody = responseBody(response)): ResponseView {
  const cut = body.text.length > MAX_SHOWN_CHARS;
  const shown = cut ? body.text.slice(0, MAX_SHOWN_CHARS) : body.text;
  return {
    status: response.status,
    headers: response.headers.map(([n, v]) => [escape(n, HEADER_UNSAFE), escape(v, HEADER_UNSAFE)] as const),
    body: escape(shown, BODY_UNSAFE),
    ...(cut ? { bodyCut: { shownChars: MAX_SHOWN_CHARS, totalChars: body.text.length } } : {}),
    size: response.body.length,
    truncated: response.truncated,
    firstByteMs: response.timings.firstByte,
    totalMs: response.timings.total,
  };
}

function escape(text: string, unsafe: RegExp): string {
  return text.replace(unsafe, unicodeEscape);
}
