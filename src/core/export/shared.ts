import type { HookMeta } from '../hooks/capture';

/** Headers that describe one connection or are recomputed by whoever sends again. */
const NOT_REPLAYED = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'upgrade',
]);

/** The hook's headers that a replay sends again, in arrival order. */
export function replayHeaders(hook: Pick<HookMeta, 'headers'>): Array<readonly [string, string]> {
  return hook.headers.filter(([name]) => !NOT_REPLAYED.has(name.toLowerCase()));
}

/** The body as UTF-8 text, or undefined when it is not valid UTF-8 (binary). */
export function utf8Text(body: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return undefined;
  }
}
