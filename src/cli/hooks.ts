import { parseArgs } from 'node:util';
import type { HookMeta } from '../core/hooks/capture';
import { type BodyInsight, inspectBody } from '../core/hooks/inspect';
import { DurableHookStore } from '../core/store/durable/durableHookStore';
import { hookJson, hookText, printable, terminalSafeJson } from './format';
import { type CliIo, UsageError, write } from './io';

/**
 * Most bytes of bodies `hooks list` reads to inspect hooks that were too large to inspect on arrival,
 * newest first; hooks past it are listed as `uninspected`, so that listing a store of many GB stays fast.
 */
export const LIST_INSPECT_BUDGET_BYTES = 64 * 1024 * 1024;
/** Bodies read at the same time while inspecting. */
const INSPECT_CONCURRENCY = 8;

/** `pushpull hooks list|show`: read-only, also while a listener writes the same store. */
export async function runHooks(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') return list(rest, io);
  if (sub === 'show') return show(rest, io);
  throw new UsageError(
    sub ? `unknown hooks command "${sub}" (use list or show)` : 'hooks needs a command: list or show',
  );
}

async function list(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: { store: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (!values.store) throw new UsageError('hooks list needs --store DIR');
  const store = await DurableHookStore.openReadOnly(values.store);
  try {
    const newestFirst = store.list();
    const insights = await inspectWithin(store, newestFirst, LIST_INSPECT_BUDGET_BYTES);
    const hooks = [...newestFirst].reverse();
    if (!values.json) {
      for (const hook of hooks) await write(io.stdout, hookText(hook, insights.get(hook.id)));
      return 0;
    }
    await write(io.stdout, '[');
    for (let i = 0; i < hooks.length; i++) {
      const hook = hooks[i]!;
      await write(io.stdout, `${i === 0 ? '\n' : ',\n'}${JSON.stringify(hookJson(hook, insights.get(hook.id)))}`);
    }
    await write(io.stdout, hooks.length === 0 ? ']\n' : '\n]\n');
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * Inspects the bodies of hooks that were not inspected on arrival, taking `hooks` in order (newest first)
 * and reading at most `budget` bytes of bodies in all; a body that does not fit in what is left is
 * skipped. A body that cannot be read (dropped meanwhile by the writer's retention, say) leaves its hook
 * uninspected.
 */
async function inspectWithin(
  store: DurableHookStore,
  hooks: readonly HookMeta[],
  budget: number,
): Promise<Map<string, BodyInsight>> {
  const todo: HookMeta[] = [];
  let left = budget;
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
      const hook = todo[next++]!;
      let body: Uint8Array | undefined;
      try {
        body = await store.readBody(hook.id);
      } catch {
        continue;
      }
      if (body) insights.set(hook.id, inspectBody(hook.headers, body, hook.contentType));
    }
  };
  await Promise.all(Array.from({ length: Math.min(INSPECT_CONCURRENCY, todo.length) }, worker));
  return insights;
}

async function show(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { store: { type: 'string' }, raw: { type: 'boolean' } },
  });
  if (!values.store) throw new UsageError('hooks show needs --store DIR');
  if (positionals.length !== 1) throw new UsageError('hooks show needs exactly one hook ID');
  const id = positionals[0]!;
  const store = await DurableHookStore.openReadOnly(values.store);
  try {
    const hook = store.get(id);
    const body = hook && (await store.readBody(id));
    if (!hook || !body) {
      await write(io.stderr, `pushpull: no hook ${printable(id)} in ${printable(values.store)}\n`);
      return 1;
    }
    if (values.raw) {
      await write(io.stdout, body);
      return 0;
    }
    const insight = hook.uninspected ? inspectBody(hook.headers, body, hook.contentType) : undefined;
    const shown = { ...hookJson(hook, insight), body: Buffer.from(body).toString('base64') };
    await write(io.stdout, `${terminalSafeJson(shown, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
