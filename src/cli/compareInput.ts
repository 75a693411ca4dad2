import { findHook } from './hookLookup';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ComparedPayload } from '../core/compare/types';
import { headerValue } from '../core/model/headers';
import { DurableHookStore } from '../core/store/durable/durableHookStore';
import { HistoryStore } from '../core/store/history';
import { printable } from './format';
import { UsageError } from './io';

/** Largest payload `compare` reads from a file or standard input. */
export const MAX_COMPARE_INPUT_BYTES = 256 * 1024 * 1024;

/** An input that cannot be read: its sentence, exit code 2. */
export class UnreadableInput extends Error {
  override readonly name = 'UnreadableInput';
}

/**
 * One side of `compare`: a file, `-` for standard input, `hook:ID` (a stored hook's body and content type; `latest` and short ids as `hooks show` takes them) or
 * `exchange:ID` (a kept request's response body) from `--store DIR`.
 */
export async function readInput(
  source: string,
  store: string | undefined,
  stdin: NodeJS.ReadableStream,
): Promise<ComparedPayload> {
  if (source === '-') return { bytes: await readStream(stdin) };
  const stored = /^(hook|exchange):(.+)$/.exec(source);
  if (stored) {
    if (store === undefined) throw new UsageError(`${stored[1]}:ID needs --store DIR`);
    return stored[1] === 'hook' ? readHook(store, stored[2]!) : readExchange(store, stored[2]!);
  }
  return readFile(source);
}

async function readFile(file: string): Promise<ComparedPayload> {
  let size: number;
  try {
    size = (await fs.promises.stat(file)).size;
  } catch (error) {
    throw new UnreadableInput(`cannot read ${printable(file)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (size > MAX_COMPARE_INPUT_BYTES) throw tooLarge(printable(file));
  try {
    return { bytes: await fs.promises.readFile(file) };
  } catch (error) {
    throw new UnreadableInput(`cannot read ${printable(file)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buffer.length;
    if (total > MAX_COMPARE_INPUT_BYTES) throw tooLarge('standard input');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function tooLarge(what: string): UnreadableInput {
  return new UnreadableInput(`${what} is larger than ${MAX_COMPARE_INPUT_BYTES / 1024 / 1024} MB`);
}

async function readHook(store: string, id: string): Promise<ComparedPayload> {
  let hooks: DurableHookStore;
  try {
    hooks = await DurableHookStore.openReadOnly(store);
  } catch (error) {
    throw new UnreadableInput(`cannot read the hooks in ${printable(store)}: ${messageOf(error)}`);
  }
  try {
    const found = findHook(hooks.list(), id, store);
    if (found.kind !== 'found') throw new UnreadableInput(found.message);
    const hook = found.hook;
    const body = await hooks.readBody(hook.id);
    if (!body) throw new UnreadableInput(`no body for hook ${printable(hook.id)} in ${printable(store)}`);
    return { bytes: body, contentType: hook.contentType };
  } finally {
    await hooks.close();
  }
}

/** The request history of a store: its `history` folder, or the folder itself when it is a history. */
function historyFolder(store: string): string | undefined {
  const nested = path.join(store, 'history');
  if (fs.existsSync(path.join(nested, 'journal'))) return nested;
  if (fs.existsSync(path.join(store, 'journal'))) return store;
  return undefined;
}

async function readExchange(store: string, id: string): Promise<ComparedPayload> {
  const folder = historyFolder(store);
  if (folder === undefined) throw new UnreadableInput(`no request history in ${printable(store)}`);
  let history: HistoryStore;
  try {
    history = await HistoryStore.open(folder, { owner: `pushpull compare (process ${process.pid})` });
  } catch (error) {
    throw new UnreadableInput(`cannot read the request history in ${printable(folder)}: ${messageOf(error)}`);
  }
  try {
    const exchange = await history.get(id);
    const body = exchange && (await history.readBody(id, 'decoded'));
    if (!exchange || !body) throw new UnreadableInput(`no exchange ${printable(id)} in ${printable(folder)}`);
    return { bytes: body, contentType: headerValue(exchange.response, 'content-type') };
  } finally {
    await history.dispose();
  }
}

function messageOf(error: unknown): string {
  return printable(error instanceof Error ? error.message : String(error));
}
