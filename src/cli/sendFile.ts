import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadHttpEnvironments } from '../core/httpFile/environments';
import { parseHttpFile } from '../core/httpFile/parse';
import { HttpFileRunner, type HttpFileResult } from '../core/httpFile/runner';
import type { HttpFile } from '../core/httpFile/types';
import { printable, terminalSafeJson } from './format';
import { type CliIo, oneLine, UsageError, write } from './io';
import { openFileSender } from './sendFileSession';
import { headLines, printBody } from './sendOutput';

export const SEND_FILE_USAGE = `Usage: pushpull send FILE [--name N | --line L | --all] [--env E] [--json] [--store DIR]

Resolves and sends the requests of a .http / .rest file (REST Client, httpYac, JetBrains): every request, or the
one named N (# @name N), or the one at line L (1-based). Variables come from the file, from
http-client.env.json and http-client.private.env.json (this folder up to the current one), environment E, the
process environment ($processEnv) and the .env beside the file ($dotenv). A request that references another
({{login.response.body.$.token}}) sends it first. Assertions (?? status == 200) are checked.
  --json    one JSON array: { name, method, url, status, headers, bodyBytes, timings, assertions: [{ line, text, passed }] }
  --store   add the exchanges to the request history in DIR (masked)
Exit status: 0 everything sent and every assertion passed, 1 a request failed or an assertion failed,
2 usage or parse errors.
`;

/** Whether `pushpull send` was given a `.http`/`.rest` file that exists as its first argument. */
export function isHttpFileArgument(first: string | undefined): boolean {
  if (first === undefined || !/\.(http|rest)$/i.test(first)) return false;
  try {
    return fs.statSync(first).isFile();
  } catch {
    return false;
  }
}

interface FileArgs {
  readonly file: string;
  readonly name: string | undefined;
  readonly line: number | undefined;
  readonly env: string | undefined;
  readonly json: boolean;
  readonly store: string | undefined;
}

function parseFileArgs(args: string[]): FileArgs {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      line: { type: 'string' },
      all: { type: 'boolean' },
      env: { type: 'string' },
      json: { type: 'boolean' },
      store: { type: 'string' },
    },
  });
  if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError('give one .http FILE');
  const chosen = [values.name !== undefined, values.line !== undefined, values.all === true].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('give one of --name, --line and --all');
  if (values.line !== undefined && !/^[1-9]\d{0,8}$/.test(values.line)) {
    throw new UsageError(`--line takes a line number from 1, not "${values.line}"`);
  }
  return {
    file: positionals[0],
    name: values.name,
    line: values.line === undefined ? undefined : Number(values.line),
    env: values.env,
    json: values.json === true,
    store: values.store,
  };
}

/** The requests to send: the named one, the one at the line, or all. Throws UsageError when there is none. */
function chosenRequests(file: HttpFile, args: FileArgs): number[] {
  if (args.name !== undefined) {
    const found = file.requests.find((r) => r.name === args.name);
    if (!found) throw new UsageError(`the file has no request named "${args.name}"`);
    return [found.index];
  }
  if (args.line !== undefined) {
    const line = args.line - 1;
    const found = file.requests.find((r) => r.range.start.line <= line && line <= r.range.end.line);
    if (!found) throw new UsageError(`no request is at line ${args.line}`);
    return [found.index];
  }
  return file.requests.map((r) => r.index);
}

/** `pushpull send FILE …`: returns the exit code (see SEND_FILE_USAGE). */
export async function runSendFile(argv: string[], io: CliIo): Promise<number> {
  let args: FileArgs;
  let file: HttpFile;
  let indices: number[];
  let filePath: string;
  try {
    args = parseFileArgs(argv);
    filePath = path.resolve(args.file);
    file = parseHttpFile(await fsp.readFile(filePath, 'utf8'));
    const errors = file.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      for (const p of errors) {
        io.stderr.write(
          `${printable(args.file)}:${p.range.start.line + 1}:${p.range.start.column + 1}: ${printable(p.message)}\n`,
        );
      }
      return 2;
    }
    indices = chosenRequests(file, args);
  } catch (error) {
    io.stderr.write(`pushpull send: ${printable(oneLine(messageOf(error)))} (see pushpull send --help)\n`);
    return 2;
  }
  const environments = await loadHttpEnvironments({
    filePath,
    root: process.cwd(),
    setting: undefined,
    readFile: (p) => fsp.readFile(p),
  });
  if (args.env !== undefined && !environments.names.includes(args.env)) {
    const known = environments.names.length ? environments.names.map((n) => `"${n}"`).join(', ') : 'none';
    io.stderr.write(`pushpull send: no environment "${printable(args.env)}" (the environment files have ${known})\n`);
    return 2;
  }
  const environment = environments.select(args.env ?? '');
  let sender;
  try {
    sender = await openFileSender(args.store, { userAgent: 'PushPull' });
  } catch (error) {
    io.stderr.write(
      `pushpull send: the store ${printable(args.store ?? '')} cannot be used: ${oneLine(messageOf(error))}\n`,
    );
    return 2;
  }
  try {
    const runner = new HttpFileRunner({
      filePath,
      environment: () => environment,
      processEnv: process.env,
      readFile: (p) => fsp.readFile(p),
      send: (prepared, signal) => sender.send(prepared, signal),
    });
    const results: HttpFileResult[] = [];
    for (const index of indices) {
      const result = await runner.send(file, index);
      results.push(result);
      if (!args.json) await printResult(file, result, io);
    }
    if (args.json)
      await write(
        io.stdout,
        `${terminalSafeJson(
          results.map((r) => resultJson(file, r)),
          2,
        )}\n`,
      );
    const ok = results.every((r) => r.outcome.kind === 'answered' && r.assertions.every((a) => a.passed));
    return ok ? 0 : 1;
  } finally {
    await sender.dispose();
  }
}

async function printResult(file: HttpFile, result: HttpFileResult, io: CliIo): Promise<void> {
  const block = file.requests[result.index];
  const label = block?.name ?? `request at line ${(block?.requestLine.start.line ?? 0) + 1}`;
  const { outcome } = result;
  if (outcome.kind !== 'answered') {
    const why = outcome.kind === 'failed' ? `${outcome.code}: ${outcome.message}` : 'superseded';
    io.stderr.write(`${printable(label)}: ${printable(oneLine(why))}\n`);
    return;
  }
  const { request, response } = outcome.exchange;
  await write(io.stdout, `${request.method} ${printable(request.url)}\n${headLines(response)}`);
  await printBody(response.decoded, io.stdout);
  await write(io.stdout, '\n');
  for (const a of result.assertions) {
    io.stderr.write(
      `${a.passed ? 'passed' : 'FAILED'} ${a.line + 1}: ?? ${printable(a.text)} — ${printable(a.message)}\n`,
    );
  }
}

function resultJson(file: HttpFile, result: HttpFileResult): Record<string, unknown> {
  const block = file.requests[result.index];
  const { outcome } = result;
  const answered = outcome.kind === 'answered' ? outcome.exchange : undefined;
  const decoded = answered?.response.decoded;
  return {
    name: block?.name ?? null,
    method: answered?.request.method ?? block?.method ?? null,
    url: answered?.request.url ?? null,
    status: answered?.response.status ?? null,
    headers: answered?.response.headers ?? [],
    bodyBytes: decoded === undefined ? null : decoded.kind === 'memory' ? decoded.bytes.length : decoded.size,
    timings: answered?.response.timings ?? null,
    ...(outcome.kind === 'failed' ? { error: { code: outcome.code, message: outcome.message } } : {}),
    assertions: result.assertions.map((a) => ({
      line: a.line + 1,
      text: a.text,
      passed: a.passed,
      message: a.message,
    })),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
