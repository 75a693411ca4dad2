import * as http from 'node:http';
import * as https from 'node:https';
import type { ForwardResult, HookMeta } from '../hooks/capture';

/** Headers that belong to one connection and are not passed on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
]);

/** How much of the target's answer is kept with the hook. */
export const MAX_FORWARD_BODY = 64 * 1024;

/** `target` base URL joined with the hook's path and query: `http://localhost:3000/in` + `/github?x=1`. */
export function forwardUrl(target: string, hook: Pick<HookMeta, 'url'>): URL {
  const base = new URL(target);
  const [path = '/', query] = splitUrl(hook.url);
  const basePath = base.pathname.endsWith('/') ? base.pathname.slice(0, -1) : base.pathname;
  base.pathname = `${basePath}${path}`;
  if (query !== undefined) base.search = query;
  return base;
}

function splitUrl(url: string): [string, string | undefined] {
  const q = url.indexOf('?');
  return q < 0 ? [url, undefined] : [url.slice(0, q), url.slice(q)];
}

/** Sends the hook to `target` with its method, headers and exact body. Never throws: failures are in the result. */
export function forwardHook(
  hook: Pick<HookMeta, 'method' | 'url' | 'headers'>,
  body: Uint8Array,
  target: string,
  timeoutMs = 30_000,
): Promise<ForwardResult> {
  const started = performance.now();
  const done = (partial: Omit<ForwardResult, 'ms' | 'target'>): ForwardResult => ({
    target,
    ms: Math.round(performance.now() - started),
    ...partial,
  });
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = forwardUrl(target, hook);
    } catch (error) {
      resolve(done({ error: `Invalid forward target: ${String(error)}` }));
      return;
    }
    const headers: string[] = [];
    for (const [name, value] of hook.headers) {
      if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, value);
    }
    headers.push('Host', url.host, 'Content-Length', String(body.length));
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, { method: hook.method, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_FORWARD_BODY) chunks.push(chunk.subarray(0, MAX_FORWARD_BODY - size));
        size += chunk.length;
      });
      res.on('end', () => resolve(done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })));
      res.on('error', (error) => resolve(done({ status: res.statusCode ?? 0, error: error.message })));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => resolve(done({ error: error.message })));
    req.end(body);
  });
}
