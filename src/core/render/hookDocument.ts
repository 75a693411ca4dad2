import { type HookMeta, headerValue } from '../hooks/capture';
import type { Exchange } from '../http/model';
import { renderBody } from './payload';

/** The text of a hook's read-only document: request line, headers, a blank line, the body. */
export function renderHookDocument(hook: HookMeta, bodyBytes: Uint8Array): string {
  const lines = [
    `${hook.method} ${hook.url} HTTP/${hook.httpVersion}`,
    ...hook.headers.map(([name, value]) => `${name}: ${value}`),
    '',
  ];
  const body = renderBody(bodyBytes, headerValue(hook, 'content-type'));
  return `${lines.join('\n')}\n${body.text}\n`;
}

/** The text of a response's read-only document. */
export function renderExchangeDocument(exchange: Exchange): string {
  const { request, response } = exchange;
  const contentType = response.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1];
  const lines = [
    `${request.method} ${request.url}`,
    `HTTP ${response.status} · ${Math.round(response.timings.total)} ms`,
    ...response.headers.map(([name, value]) => `${name}: ${value}`),
    '',
  ];
  return `${lines.join('\n')}\n${renderBody(response.body, contentType).text}\n`;
}
