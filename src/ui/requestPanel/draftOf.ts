import { headerValue } from '../../core/model/headers';
import type { PulledExchange } from '../../core/model/pulled';
import { emptyBody, newDraft, type BodyDraft, type RequestDraft } from '../../webview/requestPanel/panelProtocol';

/** Largest request body taken back into a draft as text. */
const MAX_DRAFT_BODY_BYTES = 1024 * 1024;
/** A header value the history masked: not worth sending again as it is. */
const MASKED = /•••/;

/**
 * A new draft from a kept exchange (Open in Request Panel): its method, URL, headers and body as they were sent.
 * Masked values (credentials) are left out; a body sent from a file is sent from that file again.
 */
export function draftOfExchange(exchange: PulledExchange, id: string): RequestDraft {
  const { request } = exchange;
  const headers = request.headers
    .filter(([, value]) => !MASKED.test(value))
    .map(([name, value]) => ({ enabled: true, name, value }));
  return { ...newDraft(id), method: request.method, url: request.url, headers, body: bodyOf(exchange) };
}

function bodyOf(exchange: PulledExchange): BodyDraft {
  const body = exchange.request.body;
  if (body.kind === 'none') return emptyBody();
  if (body.kind === 'file') return { ...emptyBody(), mode: 'binary', file: body.path };
  if (body.bytes.length > MAX_DRAFT_BODY_BYTES) return emptyBody();
  const text = new TextDecoder('utf-8').decode(body.bytes);
  const type = (headerValue(exchange.request, 'content-type') ?? '').toLowerCase();
  const mode = type.includes('json') ? 'json' : type.includes('xml') ? 'xml' : 'text';
  return { ...emptyBody(), mode, text };
}

/** The panel's title: `GET host/path`, or the URL as typed when it is not a URL yet. */
export function draftTitle(draft: Pick<RequestDraft, 'method' | 'url'>): string {
  const typed = draft.url.trim();
  if (typed === '') return 'PushPull Request';
  let shown: string;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `http://${typed}`);
    shown = `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    shown = typed;
  }
  const title = `${draft.method.trim().toUpperCase() || 'GET'} ${shown}`;
  return title.length > 60 ? `${title.slice(0, 59)}…` : title;
}
