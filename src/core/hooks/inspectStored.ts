import type { HookMeta } from './capture';
import { type BodyInsight, inspectBody } from './inspect';

/** Bodies read at the same time. */
const CONCURRENCY = 8;

/**
 * Inspects the stored bodies of hooks that were too large to inspect on arrival (`uninspected`), taking
 * `hooks` in order and reading at most `budgetBytes` of bodies in all (a body that does not fit in what
 * is left is skipped). A body that cannot be read (dropped meanwhile by retention, say) leaves its hook
 * uninspected. The Webhooks view inspects the rows on screen, `hooks list` the newest hooks.
 */
export async function inspectStored(
  hooks: readonly HookMeta[],
  readBody: (id: string) => Promise<Uint8Array | undefined>,
  budgetBytes = Number.POSITIVE_INFINITY,
): Promise<Map<string, BodyInsight>> {
  const todo: HookMeta[] = [];
  let left = budgetBytes;
  for (const hook of hooks) {
    if (!hook.uninspected || hook.bodySize > left) continue;
    todo.push(hook);
    left -= hook.bodySize;
    if (left === 0) break;
  }
  const insights = new Map<string, BodyInsight>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const hook = todo[next++] as HookMeta;
      let body: Uint8Array | undefined;
      try {
        body = await readBody(hook.id);
      } catch {
        continue;
      }
      if (body) insights.set(hook.id, inspectBody(hook.headers, body, hook.contentType));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, todo.length) }, worker));
  return insights;
}
