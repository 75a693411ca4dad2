import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as assert from 'node:assert/strict';
import type { PulledExchange } from '../../src/core/model/pulled';
import type { PushPullTestApi } from '../../src/api';
import type { HistoryNode } from '../../src/ui/history/rows';

/** A real local API: answers JSON with the method and path it got; `/missing…` gives 404, `/broken…` 500. */
export async function localApi(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const status = req.url?.startsWith('/missing') ? 404 : req.url?.startsWith('/broken') ? 500 : 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, path: req.url, ok: status === 200 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let sequence = 0;

/**
 * Sends a real request with node:http and makes the PulledExchange the sender would: request and response as they
 * went, the body in memory. `startedAt` may be moved (older days) for grouping.
 */
export async function pull(
  method: string,
  url: string,
  options: { headers?: Array<[string, string]>; body?: string; startedAt?: number } = {},
): Promise<PulledExchange> {
  const headers = options.headers ?? [['Accept', 'application/json']];
  const started = Date.now();
  const { status, statusText, responseHeaders, body } = await new Promise<{
    status: number;
    statusText: string;
    responseHeaders: Array<[string, string]>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = http.request(url, { method, headers: Object.fromEntries(headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          responseHeaders: pairs,
          body: Buffer.concat(chunks),
        });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
  const total = Date.now() - started;
  const decoded = { kind: 'memory' as const, bytes: new Uint8Array(body) };
  return {
    id: `test-${Date.now()}-${++sequence}`,
    startedAt: options.startedAt ?? started,
    source: 'panel',
    request: {
      method,
      url,
      headers,
      body: options.body === undefined ? { kind: 'none' } : { kind: 'bytes', bytes: Buffer.from(options.body) },
    },
    response: {
      url,
      status,
      statusText,
      httpVersion: '1.1',
      headers: responseHeaders,
      raw: decoded,
      decoded,
      truncated: false,
      timings: { firstByte: total, download: 0, total, reusedConnection: false },
      redirects: [],
    },
  };
}

type Api = PushPullTestApi;

/** The rows of the Requests view as `METHOD path` (groups expanded), and the groups' labels. */
export async function shown(api: Api): Promise<{ groups: string[]; rows: string[]; ids: string[] }> {
  const groups: string[] = [];
  const rows: string[] = [];
  const ids: string[] = [];
  for (const group of await api.requests.tree.getChildren()) {
    if (group.kind !== 'group') continue;
    groups.push(group.label);
    for (const row of await api.requests.tree.getChildren(group)) {
      if (row.kind !== 'exchange') continue;
      rows.push(`${row.exchange.method} ${new URL(row.exchange.url).pathname}`);
      ids.push(row.exchange.id);
    }
  }
  return { groups, rows, ids };
}

export const rowOf = (api: Api, id: string): HistoryNode => {
  const exchange = api.requests.handle.history?.summary(id);
  assert.ok(exchange, `exchange ${id} is kept`);
  return { kind: 'exchange', exchange };
};
