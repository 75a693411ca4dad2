import { parseArgs } from 'node:util';
import { matchesBody, matchesMeta, parseFilter, type HookFilter } from '../core/hooks/query/filter';
import { inspectStored } from '../core/hooks/query/inspectStored';
import type { HookMeta } from '../core/model/hook';
import { DurableHookStore } from '../core/store/durable/durableHookStore';
import { hookJson, hookSummary, hookText, terminalSafeJson } from './format';
import { type CliIo, UsageError, wholeNumber, write } from './io';
import { parseSince } from './since';

/**
 * Most bytes of bodies `hooks list` reads to inspect hooks that were too large to inspect on arrival,
 * newest first; hooks past it are listed as `uninspected`, so that listing a store of many GB stays fast.
 */
const LIST_INSPECT_BUDGET_BYTES = 64 * 1024 * 1024;

/** `hooks list`: newest first, filtered, at most `--limit` hooks. */
export async function listHooks(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      store: { type: 'string' },
      json: { type: 'boolean' },
      long: { type: 'boolean', short: 'l' },
      limit: { type: 'string', short: 'n' },
      since: { type: 'string' },
      filter: { type: 'string' },
    },
  });
  if (!values.store) throw new UsageError('hooks list needs --store DIR');
  const limit = wholeNumber('limit', values.limit, Number.MAX_SAFE_INTEGER);
  const since = values.since === undefined ? undefined : parseSince(values.since, Date.now());
  const filter = parseFilter(values.filter ?? '');
  const store = await DurableHookStore.openReadOnly(values.store);
  try {
    const hooks = await selected(store, filter, since, limit);
    const insights = await inspectStored(hooks, (id) => store.readBody(id), LIST_INSPECT_BUDGET_BYTES);
    if (values.json) {
      await write(io.stdout, '[');
      for (let i = 0; i < hooks.length; i++) {
        const hook = hooks[i]!;
        await write(io.stdout, `${i === 0 ? '\n' : ',\n'}${terminalSafeJson(hookJson(hook, insights.get(hook.id)))}`);
      }
      await write(io.stdout, hooks.length === 0 ? ']\n' : '\n]\n');
      return 0;
    }
    for (const hook of hooks) {
      const insight = insights.get(hook.id);
      await write(io.stdout, values.long ? hookText(hook, insight) : `${hookSummary(hook, insight)}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

/** The hooks to list, newest first: received at or after `since`, matching `filter`, at most `limit`. */
async function selected(
  store: DurableHookStore,
  filter: HookFilter | undefined,
  since: number | undefined,
  limit: number,
): Promise<HookMeta[]> {
  const hooks: HookMeta[] = [];
  for (const hook of store.list()) {
    if (hooks.length >= limit) break;
    if (since !== undefined && hook.receivedAt < since) continue;
    if (filter && !matchesMeta(filter, hook)) continue;
    if (filter?.body !== undefined) {
      const body = await store.readBody(hook.id);
      if (!body || !matchesBody(filter, body)) continue;
    }
    hooks.push(hook);
  }
  return hooks;
}
