import type { HookMeta } from '../core/hooks/capture';

/** One hook as `hooks list --json` and `hooks show` print it. */
export function hookJson(hook: HookMeta): Record<string, unknown> {
  return {
    id: hook.id,
    receivedAt: new Date(hook.receivedAt).toISOString(),
    method: hook.method,
    url: hook.url,
    fullUrl: hook.fullUrl,
    path: hook.path,
    query: hook.query,
    headers: hook.headers,
    httpVersion: hook.httpVersion,
    remoteAddress: hook.remoteAddress,
    remotePort: hook.remotePort,
    contentType: hook.contentType ?? null,
    bodySize: hook.bodySize,
    bodySha256: hook.bodySha256,
    bodyMs: hook.bodyMs,
    flags: hook.flags,
    route: hook.route ?? null,
    answerStatus: hook.answerStatus,
    forward: hook.forward ?? null,
    event: hook.event ?? null,
    verdict: hook.verdict ?? null,
  };
}

/** One line of `hooks list`: id, time, method, path, size, status, content type, flags, forward. */
export function hookLine(hook: HookMeta): string {
  const forward = hook.forward ? `→ ${hook.forward.status ?? hook.forward.error ?? '?'}` : '';
  return [
    hook.id,
    new Date(hook.receivedAt).toISOString(),
    hook.method.padEnd(6),
    hook.url,
    `${hook.bodySize} B`,
    String(hook.answerStatus),
    hook.contentType ?? '-',
    hook.flags.join(',') || '-',
    hook.verdict && hook.verdict.status !== 'not-signed' ? `sig:${hook.verdict.status}` : '',
    forward,
  ]
    .join('  ')
    .trimEnd();
}
