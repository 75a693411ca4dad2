import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { type Environment, readEnvironments } from '../core/pull/environments';
import { VariableError, VariableResolver } from '../core/pull/variables';
import type { OutgoingRequest, SentBody } from '../core/model/pulled';
import { UsageError } from './io';
import type { SendArgs } from './sendArgs';

/** The most bytes of an environments file read (it is a settings-sized JSON object). */
const MAX_ENV_FILE_BYTES = 8 * 1024 * 1024;

/** Turns the checked arguments into the request the sender sends: variables resolved, default headers added. */
export async function outgoingOf(args: SendArgs): Promise<OutgoingRequest> {
  const environment = args.envFile === undefined ? undefined : await environmentOf(args.envFile, args.environment);
  const resolve = resolverOf(environment);
  const url = resolve(args.url, 'the URL');
  const headers: Array<[string, string]> = args.headers.map(([name, value]) => [
    resolve(name, `the header ${name}`),
    resolve(value, `the header ${name}`),
  ]);
  const has = (name: string): boolean => headers.some(([n]) => n.toLowerCase() === name);
  let body: SentBody = { kind: 'none' };
  switch (args.body.kind) {
    case 'form':
      if (!has('content-type')) headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
      body = { kind: 'bytes', bytes: Buffer.from(resolve(args.body.text, 'the body'), 'utf8') };
      break;
    case 'json': {
      const text = resolve(args.body.text, 'the body');
      checkJson(text);
      if (!has('content-type')) headers.push(['Content-Type', 'application/json']);
      body = { kind: 'bytes', bytes: Buffer.from(text, 'utf8') };
      break;
    }
    case 'file':
      if (!has('content-type')) headers.push(['Content-Type', 'application/octet-stream']);
      body = { kind: 'file', path: path.resolve(args.body.path), size: await fileSize(args.body.path) };
      break;
    case 'none':
      break;
  }
  const method = args.method ?? (args.body.kind === 'none' ? 'GET' : 'POST');
  return { method, url, headers, body };
}

function checkJson(text: string): void {
  try {
    JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UsageError(`--json is not valid JSON (${why}); quote it for the shell, e.g. --json '{"a":1}'`);
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    const stat = await fsp.stat(file);
    if (!stat.isFile()) throw new UsageError(`--data-file ${file} is not a file`);
    return stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--data-file ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

/** The environment named in the file (only `$shared` when no name is given); warns of nothing, fails clearly. */
async function environmentOf(file: string, name: string | undefined): Promise<Environment> {
  let text: string;
  try {
    const handle = await fsp.open(file, fs.constants.O_RDONLY);
    try {
      const buffer = Buffer.alloc(MAX_ENV_FILE_BYTES + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      if (bytesRead > MAX_ENV_FILE_BYTES) throw new UsageError(`--env ${file} is larger than 8 MiB`);
      text = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--env ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let setting: unknown;
  try {
    setting = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--env ${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const environments = readEnvironments(setting);
  if (environments.problems.length > 0) throw new UsageError(`--env ${file}: ${environments.problems.join(' ')}`);
  if (name !== undefined && !environments.names.includes(name)) {
    const known = environments.names.length ? environments.names.map((n) => `"${n}"`).join(', ') : 'none';
    throw new UsageError(`--env ${file} has no environment "${name}" (it has ${known})`);
  }
  return environments.select(name ?? '');
}

/** Resolves `{{variables}}` when an environment was given (one resolver per request); texts as they are otherwise. */
function resolverOf(environment: Environment | undefined): (text: string, where: string) => string {
  if (environment === undefined) return (text) => text;
  const resolver = new VariableResolver(environment);
  return (text, where) => {
    try {
      const { text: resolved, missing } = resolver.resolve(text);
      if (missing.length > 0) {
        const names = missing.map((n) => `{{${n}}}`).join(', ');
        const env = environment.name === '' ? '$shared' : `"${environment.name}" or $shared`;
        throw new UsageError(`${where} uses ${names}, which ${env} does not define`);
      }
      return resolved;
    } catch (error) {
      if (error instanceof VariableError) throw new UsageError(`${where}: ${error.message}`);
      throw error;
    }
  };
}
