import type { OutgoingRequest, PulledExchange, PulledResponse } from '../../../src/core/model/pulled';

/** A pulled exchange for export tests: `request` as given, a 200 JSON answer without redirects. */
export function pulledExchange(
  request: Partial<OutgoingRequest> = {},
  response: Partial<PulledResponse> = {},
): PulledExchange {
  const body = { kind: 'memory' as const, bytes: Buffer.from('{"ok":true}') };
  return {
    id: '20261207-000001',
    startedAt: Date.UTC(2026, 11, 7, 17, 0, 0),
    source: 'panel',
    request: { method: 'GET', url: 'http://127.0.0.1:9/x', headers: [], body: { kind: 'none' }, ...request },
    response: {
      url: request.url ?? 'http://127.0.0.1:9/x',
      status: 200,
      statusText: 'OK',
      httpVersion: '1.1',
      headers: [['content-type', 'application/json']],
      raw: body,
      decoded: body,
      truncated: false,
      timings: { firstByte: 1, download: 1, total: 2, reusedConnection: false },
      redirects: [],
      ...response,
    },
  };
}
