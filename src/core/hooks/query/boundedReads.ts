import type { HookMeta } from '../../model/hook';

/** Bodies read at the same time. */
export const READ_CONCURRENCY = 8;

/**
 * Takes `hooks` in order while their bodies fit in `budgetBytes` in all; a body that does not fit in what is left
 * is passed over (a smaller one later may still fit). With `atLeastOne`, the first hook is taken whatever its size,
 * so that a body larger than the whole budget is still read, alone.
 */
export function withinBudget(hooks: readonly HookMeta[], budgetBytes: number, atLeastOne = false): HookMeta[] {
  const taken: HookMeta[] = [];
  let left = budgetBytes;
  for (const hook of hooks) {
    if (hook.bodySize > left && !(atLeastOne && taken.length === 0)) continue;
    taken.push(hook);
    left -= hook.bodySize;
    if (left <= 0) break;
  }
  return taken;
}

/** Runs `work` for each item, at most `concurrency` at a time; resolves once all are done. */
export async function eachConcurrently<T>(
  items: readonly T[],
  work: (item: T) => Promise<void>,
  concurrency = READ_CONCURRENCY,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
