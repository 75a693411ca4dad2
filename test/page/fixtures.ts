import type { ResponseView } from '../../src/webview/requestPanel/panelProtocol';

/** Markup a server could send: the page must show it as characters and never build an element from it. */
export const HOSTILE = `<img src=x onerror="document.body.dataset.pwned='img'"><script>document.body.dataset.pwned='script'</script><b>bold</b>`;

/** A 1×1 PNG as the host sends an image body. */
export const PNG_DATA_URI =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

export function jsonResponse(overrides: Partial<ResponseView> = {}): ResponseView {
  const raw = '{"id":42,"name":"widget","tags":["blue","small"],"stock":{"count":7,"warehouse":"north"}}';
  return {
    exchangeId: 'ex-1',
    url: 'https://api.example.com/items/42',
    status: 200,
    statusText: 'OK',
    headers: [
      ['content-type', 'application/json; charset=utf-8'],
      ['content-encoding', 'gzip'],
      ['x-request-id', 'b7f3c2'],
    ],
    pretty: JSON.stringify(JSON.parse(raw), null, 2),
    raw,
    contentType: 'application/json',
    size: raw.length,
    wireSize: 71,
    encoding: 'gzip',
    truncated: false,
    timings: {
      dnsMs: 4.2,
      connectMs: 11.8,
      tlsMs: 23.5,
      firstByteMs: 86.1,
      downloadMs: 9.4,
      totalMs: 135,
      reusedConnection: false,
    },
    redirects: [],
    ...overrides,
  };
}
