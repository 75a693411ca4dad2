import { eachConcurrently, withinBudget } from './boundedReads';
import type { HookMeta } from './capture';
import { type BodyInsight, inspectBody } from './inspect';

/**
 * Inspects the stored bodies of hooks that were too large to inspect on arrival (`uninspected`), taking
 * `hooks` in order and reading at most `budgetBytes` of bodies in all (a body that does not fit in what
 * is left is skipped), 8 at a time. A body that cannot be read (dropped meanwhile by retention, say) leaves
 * its hook uninspected. The Webhooks view inspects the rows on screen, `hooks list` the newest hooks.
 */
export async function inspectStored(
  hooks: readonly HookMeta[],
  readBody: (id: string) => Promise<Uint8Array | undefined>,
  budgetBytes = Number.POSITIVE_INFINITY,
): Promise<Map<string, BodyInsight>> {
  const todo = withinBudget(
    hooks.filter((hook) => hook.uninspected),
    budgetBytes,
  );
  const insights = new Map<string, BodyInsight>();
  await eachConcurrently(todo, async (hook) => {
    let body: Uint8Array | undefined;
    try {
      body = await readBody(hook.id);
    } catch {
      return;
    }
    if (body) insights.set(hook.id, inspectBody(hook.headers, body, hook.contentType));
  });
  return insights;
}
