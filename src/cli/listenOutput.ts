import { withoutCredentials } from '../core/http/credentials';
import type { HookMeta } from '../core/model/hook';
import { printable, terminalSafeJson } from './format';

/** How `listen` reports each hook: a line of text, a JSON line, or nothing. */
export type ListenOutputMode = 'text' | 'json' | 'quiet';

/**
 * One line of `pushpull listen` for a hook once it is kept (and forwarded, when its route forwards): time,
 * method, path and query, size, signature verdict, forward result, and the relay it came through. Everything a
 * sender chose goes through `printable`.
 */
export function listenLine(hook: HookMeta): string {
  const fields = [
    new Date(hook.receivedAt).toISOString(),
    printable(hook.method),
    printable(hook.url),
    sizeText(hook.bodySize),
    verdictWord(hook),
  ];
  if (hook.event) fields.push(printable(hook.event));
  if (hook.forward) {
    const outcome =
      hook.forward.status !== undefined ? String(hook.forward.status) : `failed (${hook.forward.error ?? 'no answer'})`;
    fields.push(
      `→ ${printable(withoutCredentials(hook.forward.target))} ${printable(outcome)} ${Math.round(hook.forward.ms)} ms`,
    );
  }
  if (hook.relay)
    fields.push(`via ${printable(hook.relay.channel)}${hook.relay.rawBody ? '' : ' (body re-serialised)'}`);
  return `${fields.join('  ')}\n`;
}

/** The same as a JSON line (`listen --json`), safe to print. */
export function listenJsonLine(hook: HookMeta): string {
  const verdict = hook.verdict;
  return `${terminalSafeJson({
    type: 'hook',
    id: hook.id,
    receivedAt: new Date(hook.receivedAt).toISOString(),
    method: hook.method,
    url: hook.url,
    bodySize: hook.bodySize,
    event: hook.event ?? null,
    route: hook.route ?? null,
    verdict: verdict
      ? { status: verdict.status, provider: verdict.provider ?? null, reason: verdict.reason?.message ?? null }
      : null,
    forward: hook.forward ? { ...hook.forward, target: withoutCredentials(hook.forward.target) } : null,
    relay: hook.relay ? { channel: hook.relay.channel, rawBody: hook.relay.rawBody } : null,
  })}\n`;
}

function verdictWord(hook: HookMeta): string {
  const verdict = hook.verdict;
  if (!verdict || verdict.status === 'not-signed') return 'unsigned';
  const why = verdict.reason ? ` (${verdict.reason.code})` : '';
  return `${verdict.provider}:${verdict.status}${why}`;
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
