import { parseArgs } from 'node:util';
import { DurableHookStore } from '../core/store/durable/durableHookStore';
import { hookJson, hookLine } from './format';
import { type CliIo, UsageError, write } from './io';

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
    const hooks = [...store.list()].reverse();
    if (!values.json) {
      for (const hook of hooks) await write(io.stdout, `${hookLine(hook)}\n`);
      return 0;
    }
    await write(io.stdout, '[');
    for (let i = 0; i < hooks.length; i++) {
      await write(io.stdout, `${i === 0 ? '\n' : ',\n'}${JSON.stringify(hookJson(hooks[i]!))}`);
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
      await write(io.stderr, `pushpull: no hook ${id} in ${values.store}\n`);
      return 1;
    }
    if (values.raw) await write(io.stdout, body);
    else
      await write(
        io.stdout,
        `${JSON.stringify({ ...hookJson(hook), body: Buffer.from(body).toString('base64') }, null, 2)}\n`,
      );
    return 0;
  } finally {
    await store.close();
  }
}
