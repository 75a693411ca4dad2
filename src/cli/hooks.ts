import { parseArgs } from 'node:util';
import { inspectLargeBody } from '../core/hooks/inspect';
import { inspectStored } from '../core/hooks/query/inspectStored';
import { DurableHookStore } from '../core/store/durable/durableHookStore';
import { hookJson, hookText, printable, terminalSafeJson } from './format';
import { type CliIo, UsageError, write } from './io';

/**
 * Most bytes of bodies `hooks list` reads to inspect hooks that were too large to inspect on arrival,
 * newest first; hooks past it are listed as `uninspected`, so that listing a store of many GB stays fast.
 */
const LIST_INSPECT_BUDGET_BYTES = 64 * 1024 * 1024;

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
    const insights = await inspectStored(newestFirst, (id) => store.readBody(id), LIST_INSPECT_BUDGET_BYTES);
    const hooks = [...newestFirst].reverse();
    if (!values.json) {
      for (const hook of hooks) await write(io.stdout, hookText(hook, insights.get(hook.id)));
      return 0;
    }
    await write(io.stdout, '[');
    for (let i = 0; i < hooks.length; i++) {
      const hook = hooks[i]!;
      await write(io.stdout, `${i === 0 ? '\n' : ',\n'}${terminalSafeJson(hookJson(hook, insights.get(hook.id)))}`);
    }
    await write(io.stdout, hooks.length === 0 ? ']\n' : '\n]\n');
    return 0;
  } finally {
    await store.close();
  }
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
    const insight = hook.uninspected ? await inspectLargeBody(hook.headers, body, hook.contentType) : undefined;
    const shown = { ...hookJson(hook, insight), body: Buffer.from(body).toString('base64') };
    await write(io.stdout, `${terminalSafeJson(shown, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
