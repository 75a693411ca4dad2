import { parseArgs } from 'node:util';
import { inspectLargeBody } from '../core/hooks/inspect';
import { DurableHookStore } from '../core/store/durable/durableHookStore';
import { hookJson, printable, terminalSafeJson } from './format';
import { findHook } from './hookLookup';
import { listHooks } from './hooksList';
import { type CliIo, UsageError, write } from './io';

export const HOOKS_USAGE = `Usage:
  pushpull hooks list --store DIR [--limit N] [--since 10m|2h|7d|DATE] [--filter "method:POST path:/github …"] [--long] [--json]
  pushpull hooks show ID|latest --store DIR [--raw]

list: newest first, one line a hook (id, time, method, path, event, size, answer, content type, flags, signature,
  forward result); --long adds the headers, query and details; --json prints a JSON array. --filter takes what the
  Webhooks view's filter takes: method:, path:, header:NAME[=VALUE], and words searched in the body.
show: the hook as JSON with its body as text when it is UTF-8 text (bodyEncoding "utf8"), else base64; --raw
  writes the body's bytes alone. ID is a whole id, "latest", or a short id: any part of one id, 4 characters or
  more, that no other id has (the last digits of its time, for example).
Exit codes: 0 done, 1 no such hook, 2 usage or unreadable store.
`;

/** `pushpull hooks list|show`: read-only, also while a listener writes the same store. */
export async function runHooks(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
    await write(sub === undefined ? io.stderr : io.stdout, HOOKS_USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'list') return listHooks(rest, io);
  if (sub === 'show') return show(rest, io);
  throw new UsageError(`unknown hooks command "${sub}" (use list or show)`);
}

async function show(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { store: { type: 'string' }, raw: { type: 'boolean' } },
  });
  if (!values.store) throw new UsageError('hooks show needs --store DIR');
  if (positionals.length !== 1) throw new UsageError('hooks show needs exactly one hook ID (or latest)');
  const store = await DurableHookStore.openReadOnly(values.store);
  try {
    const found = findHook(store.list(), positionals[0]!, values.store);
    const hook = found.kind === 'found' ? found.hook : undefined;
    const body = hook && (await store.readBody(hook.id));
    if (!hook || !body) {
      const message = found.kind === 'found' ? `no body for hook ${printable(found.hook.id)}` : found.message;
      await write(io.stderr, `pushpull: ${message}\n`);
      return 1;
    }
    if (values.raw) {
      await write(io.stdout, body);
      return 0;
    }
    const insight = hook.uninspected ? await inspectLargeBody(hook.headers, body, hook.contentType) : undefined;
    const shown = { ...hookJson(hook, insight), ...bodyFields(body) };
    await write(io.stdout, `${terminalSafeJson(shown, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** The body as text when it is valid UTF-8 without NUL, else as base64; `bodyEncoding` says which. */
function bodyFields(body: Uint8Array): { body: string; bodyEncoding: 'utf8' | 'base64' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    if (!text.includes('\u0000')) return { body: text, bodyEncoding: 'utf8' };
  } catch {
    // not UTF-8: base64 below
  }
  return { body: Buffer.from(body).toString('base64'), bodyEncoding: 'base64' };
}
