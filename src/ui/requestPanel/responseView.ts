import { STATUS_CODES } from 'node:http';
import { headerValue } from '../../core/model/headers';
import { bodySize, type PulledResponse } from '../../core/model/pulled';
import { decodeBody, hexSummary, renderBody } from '../../core/render/payload';
import { unicodeEscape, unsafeChars, unsafeCharsInText } from '../../core/unsafeChars';
import type { ResponseView, TimingsView } from '../../webview/requestPanel/panelProtocol';

/** The panel shows at most this much of a body (read from the start of a body file); all of it opens elsewhere. */
export const MAX_SHOWN_BYTES = 1024 * 1024;
/** Largest image body shown under Preview, as a `data:` URI. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** In a header line: every unsafe character, tab kept. */
const HEADER_UNSAFE = unsafeChars();
/** In a body: unsafe characters other than tab and line breaks, which text keeps. */
const BODY_UNSAFE = unsafeCharsInText();
/** An image type fit for a `data:` URI: nothing a hostile Content-Type could smuggle into the attribute. */
const IMAGE_TYPE = /^image\/[a-z0-9][a-z0-9.+-]{0,60}$/;

/** The start of a response's decoded body (at most MAX_SHOWN_BYTES) and, for small images, all of it. */
export interface ShownBody {
  readonly head: Uint8Array;
  /** The whole body when it is an image small enough to preview. */
  readonly image?: Uint8Array;
}

/** Whether the panel should read the whole body to preview it as an image. */
export function wantsImage(response: PulledResponse): boolean {
  return imageType(response) !== undefined && bodySize(response.decoded) <= MAX_IMAGE_BYTES;
}

/**
 * What the page shows of a response: headers and body as text with the characters that would hide or reorder
 * text escaped as `\uXXXX`; the body cut to its first MiB (a page with tens of MB of text stops answering).
 */
export function responseView(exchangeId: string, response: PulledResponse, shown: ShownBody): ResponseView {
  const size = bodySize(response.decoded);
  const cut = size > shown.head.length;
  const contentType = headerValue(response, 'content-type');
  const { pretty, raw } = cut ? cutText(shown.head) : wholeText(shown.head, contentType);
  const type = imageType(response);
  return {
    exchangeId,
    url: escape(response.url, HEADER_UNSAFE),
    status: response.status,
    statusText: escape(response.statusText || STATUS_CODES[response.status] || '', HEADER_UNSAFE),
    headers: response.headers.map(([n, v]) => [escape(n, HEADER_UNSAFE), escape(v, HEADER_UNSAFE)] as const),
    pretty: escape(pretty, BODY_UNSAFE),
    raw: escape(raw, BODY_UNSAFE),
    ...(cut ? { bodyCut: { shownBytes: shown.head.length, totalBytes: size } } : {}),
    ...(type && shown.image ? { image: `data:${type};base64,${Buffer.from(shown.image).toString('base64')}` } : {}),
    ...(contentType !== undefined ? { contentType: escape(contentType, HEADER_UNSAFE) } : {}),
    size,
    wireSize: bodySize(response.raw),
    ...(response.encoding ? { encoding: escape(response.encoding, HEADER_UNSAFE) } : {}),
    truncated: response.truncated,
    timings: timingsView(response),
    redirects: response.redirects.map((hop) => ({ status: hop.status, url: escape(hop.url, HEADER_UNSAFE) })),
  };
}

function timingsView(response: PulledResponse): TimingsView {
  const t = response.timings;
  return {
    ...(t.dns !== undefined ? { dnsMs: t.dns } : {}),
    ...(t.connect !== undefined ? { connectMs: t.connect } : {}),
    ...(t.tls !== undefined ? { tlsMs: t.tls } : {}),
    firstByteMs: t.firstByte,
    downloadMs: t.download,
    totalMs: t.total,
    reusedConnection: t.reusedConnection,
  };
}

/** A whole body: pretty is JSON re-indented, XML indented, a form laid out, binary as a hex summary. */
function wholeText(bytes: Uint8Array, contentType: string | undefined): { pretty: string; raw: string } {
  const rendered = renderBody(bytes, contentType);
  if (rendered.binary) return { pretty: rendered.text, raw: rendered.text };
  const decoded = decodeBody(bytes, contentType);
  const raw = decoded.kind === 'text' ? decoded.text : new TextDecoder('utf-8').decode(bytes);
  return { pretty: rendered.text, raw };
}

/** The start of a larger body: as text, a character cut in two at the end left out; not re-indented. */
function cutText(head: Uint8Array): { pretty: string; raw: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    const summary = hexSummary(head).replace(/^Binary body, \d+ bytes/, 'Binary body');
    return { pretty: summary, raw: summary };
  }
  return { pretty: text, raw: text };
}

function imageType(response: PulledResponse): string | undefined {
  const essence = (headerValue(response, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return IMAGE_TYPE.test(essence) ? essence : undefined;
}

function escape(text: string, unsafe: RegExp): string {
  return text.replace(unsafe, unicodeEscape);
}
