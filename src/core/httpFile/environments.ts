import * as path from 'node:path';
import { type Environment, type Environments, readEnvironments, SHARED_ENVIRONMENT } from '../pull/environments';

/** JetBrains' environment files, looked for from the `.http` file's folder up to the workspace folder. */
export const ENV_FILE = 'http-client.env.json';
export const PRIVATE_ENV_FILE = 'http-client.private.env.json';
/** The most bytes of one environment file read. */
const MAX_ENV_FILE_BYTES = 8 * 1024 * 1024;
/** The most folders climbed looking for environment files. */
const MAX_LEVELS = 64;

/** Variable names whose values are taken as secret wherever they come from. */
const SECRET_NAME = /(secret|token|passw(or)?d|pwd|api[-_]?key|apikey|auth|credential|private|cookie|session)/i;

export interface HttpEnvironmentSources {
  /** The absolute path of the `.http` file. */
  readonly filePath: string;
  /** The workspace folder: environment files are looked for up to it (only beside the file when outside it). */
  readonly root: string;
  /** The `pushpull.environments` setting (REST Client's shape, `$shared`). */
  readonly setting: unknown;
  /** `rest-client.environmentVariables`, used when PushPull's setting is empty. */
  readonly restClientSetting?: unknown;
  /** Reads a file; throws (ENOENT…) when it cannot. The UI lets it read only in a trusted workspace. */
  readonly readFile: (absolutePath: string) => Promise<Uint8Array>;
}

export interface HttpEnvironments extends Environments {
  /** The environment files read, farthest first. */
  readonly files: readonly string[];
}

interface Entry {
  readonly value: string;
  readonly origin: string;
  readonly secret: boolean;
}

/**
 * `http-client.env.json` and `http-client.private.env.json` found from the file's folder up to `root` (a nearer
 * folder's files win, a private file wins over its public one), over the `pushpull.environments` setting
 * (`rest-client.environmentVariables` when PushPull's is empty): one set of environments. Values from private files
 * and variables named like secrets are marked secret. Never throws: what cannot be read is a problem.
 */
export async function loadHttpEnvironments(sources: HttpEnvironmentSources): Promise<HttpEnvironments> {
  const problems: string[] = [];
  const tables = new Map<string, Map<string, Entry>>();
  const order: string[] = [];
  const add = (environments: Environments, origin: string, secret: boolean): void => {
    const names = [SHARED_ENVIRONMENT, ...environments.names];
    for (const name of names) {
      const env = environments.select(name);
      const variables = name === SHARED_ENVIRONMENT ? env.shared : env.variables;
      if (name !== SHARED_ENVIRONMENT && !order.includes(name)) order.push(name);
      let table = tables.get(name);
      if (!table) tables.set(name, (table = new Map()));
      for (const [key, value] of variables) {
        table.set(key, { value, origin, secret: secret || SECRET_NAME.test(key) });
      }
    }
  };
  const setting = isEmpty(sources.setting) ? sources.restClientSetting : sources.setting;
  const fromSetting = readEnvironments(setting);
  problems.push(...fromSetting.problems);
  add(fromSetting, isEmpty(sources.setting) && !isEmpty(setting) ? 'rest-client settings' : 'settings', false);
  const files: string[] = [];
  for (const folder of foldersUp(path.dirname(sources.filePath), sources.root).reverse()) {
    for (const [file, secret] of [
      [ENV_FILE, false],
      [PRIVATE_ENV_FILE, true],
    ] as const) {
      const full = path.join(folder, file);
      const read = await readJson(full, sources.readFile);
      if (read === undefined) continue;
      files.push(full);
      if ('problem' in read) {
        problems.push(read.problem);
        continue;
      }
      const environments = readEnvironments(read.value);
      problems.push(...environments.problems.map((p) => `${full}: ${p}`));
      add(environments, file, secret);
    }
  }
  const shared = tables.get(SHARED_ENVIRONMENT) ?? new Map<string, Entry>();
  return {
    names: order,
    problems,
    files,
    select(name: string): Environment {
      const own = name === SHARED_ENVIRONMENT ? undefined : tables.get(name);
      return environmentOf(own ? name : '', own ?? new Map(), shared);
    },
  };
}

function environmentOf(name: string, own: Map<string, Entry>, shared: Map<string, Entry>): Environment {
  const secrets = new Set<string>();
  const origins = new Map<string, string>();
  const values = (table: Map<string, Entry>, label: string): Map<string, string> => {
    const out = new Map<string, string>();
    for (const [key, entry] of table) {
      out.set(key, entry.value);
      if (!origins.has(key)) origins.set(key, `${label} (${entry.origin})`);
      if (entry.secret) secrets.add(key);
    }
    return out;
  };
  const variables = values(own, `environment "${name}"`);
  return { name, variables, shared: values(shared, SHARED_ENVIRONMENT), secrets, origins };
}

/** `from` and its parents up to and including `root`; only `from` when it is not inside `root`. */
function foldersUp(from: string, root: string): string[] {
  const folders = [from];
  const relative = path.relative(root, from);
  if (root === '' || relative.startsWith('..') || path.isAbsolute(relative)) return folders;
  let current = from;
  for (let i = 0; i < MAX_LEVELS && path.resolve(current) !== path.resolve(root); i++) {
    const parent = path.dirname(current);
    if (parent === current) break;
    folders.push(parent);
    current = parent;
  }
  return folders;
}

async function readJson(
  file: string,
  readFile: (p: string) => Promise<Uint8Array>,
): Promise<{ value: unknown } | { problem: string } | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    return { problem: `${file} cannot be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (bytes.length > MAX_ENV_FILE_BYTES) return { problem: `${file} is larger than 8 MiB; it is left out.` };
  try {
    const text = Buffer.from(bytes)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { problem: `${file} is not JSON (${error instanceof Error ? error.message : String(error)}).` };
  }
}

function isEmpty(setting: unknown): boolean {
  return (
    setting === undefined ||
    setting === null ||
    (typeof setting === 'object' && !Array.isArray(setting) && Object.keys(setting).length === 0)
  );
}

/** Whether a variable of this name is taken as secret (its value masked in hovers and history). */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}
