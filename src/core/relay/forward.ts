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

/**
 * `target` base URL joined with the hook's path and query exactly as received (no dot segments resolved,
 * nothing re-escaped): `http://localhost:3000/in` + `/github?x=1`.
 */
export function forwardUrl(target: string, hook: Pick<HookMeta, 'url'>): string {
  const { base, path } = forwardParts(target, hook);
  return `${base.origin}${path}`;
}

/** The target's origin and path, which every forwarded path and query follows. */
export function forwardBase(target: string): string {
  const base = new URL(target);
  return `${base.origin}${trimSlash(base.pathname)}`;
}

/** The hook's path and query after the target's path; a target's own query is kept when the hook has none. */
function forwardParts(target: string, hook: Pick<HookMeta, 'url'>): { base: URL; path: string } {
  const base = new URL(target);
  const url = hook.url.startsWith('/') ? hook.url : `/${hook.url}`;
  const withQuery = url.includes('?') ? url : `${url}${base.search}`;
  return { base, path: `${trimSlash(base.pathname)}${withQuery}` };
}

function trimSlash(path: string): string {
  return path.endsWith('/') ? path.slice(0, -1) : path;
}

/**
 * Sends the hook to `target` with its method, headers and exact body. Never throws: failures, a timeout
 * and `signal` aborting it are in the result.
 */
export function forwardHook(
  hook: Pick<HookMeta, 'method' | 'url' | 'headers'>,
  body: Uint8Array,
  target: string,
  timeoutMs = 30_000,
  signal?: AbortSignal,
): Promise<ForwardResult> {
  const started = performance.now();
  const done = (partial: Omit<ForwardResult, 'ms' | 'target'>): ForwardResult => ({
    target,
    ms: Math.round(performance.now() - started),
    ...partial,
  });
  return new Promise((resolve) => {
    let parts: { base: URL; path: string };
    try {
      parts = forwardParts(target, hook);
    } catch (error) {
      resolve(done({ error: `Invalid forward target: ${String(error)}` }));
      return;
    }
    const headers: string[] = [];
    for (const [name, value] of hook.headers) {
      if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, value);
    }
    const { base, path } = parts;
    headers.push('Host', base.host, 'Content-Length', String(body.length));
    // Credentials in the target URL (`http://user:pw@host/`) go as Basic auth unless the hook brought its own,
    // as Node does for a URL (it cannot here: the headers are given as raw pairs).
    if (
      (base.username || base.password) &&
      !headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'authorization')
    ) {
      const credentials = `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`;
      headers.push('Authorization', `Basic ${Buffer.from(credentials).toString('base64')}`);
    }
    const client = base.protocol === 'https:' ? https : http;
    const options: http.RequestOptions = {
      protocol: base.protocol,
      // Options, not a URL string: Node would parse the path again and normalise it.
      hostname: base.hostname.startsWith('[') ? base.hostname.slice(1, -1) : base.hostname,
      port: base.port || undefined,
      path,
      method: hook.method,
      headers,
      timeout: timeoutMs,
      signal,
    };
    const req = client.request(options, (res) => {
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
