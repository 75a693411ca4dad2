import { eachConcurrently, withinBudget } from './boundedReads';
import type { BodyInsight, HookMeta } from '../../model/hook';
import { inspectLargeBody } from '../inspect';

/** Bodies larger than this are not inspected (shown as uninspected): reading one takes its size in memory. */
export const INSPECT_MAX_BYTES = 64 * 1024 * 1024;
/** Large bodies read and scanned at the same time: each is held whole while it is scanned. */
const INSPECT_CONCURRENCY = 2;

/**
 * Inspects the stored bodies of hooks that were too large to inspect on arrival (`uninspected`), taking
 * `hooks` in order and reading at most `budgetBytes` of bodies in all (a body that does not fit in what
 * is left is skipped), two at a time, with a scan that hands the event loop back as it reads (never a
 * whole `JSON.parse`). A body over `INSPECT_MAX_BYTES`, or one that cannot be read (dropped meanwhile by
 * retention, say), leaves its hook uninspected. The Webhooks view inspects the rows on screen, `hooks list`
 * the newest hooks, the listener each such hook once it is stored (`BackgroundInspector`).
 */
export async function inspectStored(
  hooks: readonly HookMeta[],
  readBody: (id: string) => Promise<Uint8Array | undefined>,
  budgetBytes = Number.POSITIVE_INFINITY,
): Promise<Map<string, BodyInsight>> {
  const todo = withinBudget(
    hooks.filter((hook) => hook.uninspected && hook.bodySize <= INSPECT_MAX_BYTES),
    budgetBytes,
  );
  const insights = new Map<string, BodyInsight>();
  await eachConcurrently(
    todo,
    async (hook) => {
      let body: Uint8Array | undefined;
      try {
        body = await readBody(hook.id);
      } catch {
        return;
      }
      if (body) insights.set(hook.id, await inspectLargeBody(hook.headers, body, hook.contentType));
    },
    INSPECT_CONCURRENCY,
  );
  return insights;
}
