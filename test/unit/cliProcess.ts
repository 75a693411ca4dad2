import * as assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The `pushpull` executable run as a child process, for the CLI tests.

const ROOT = path.resolve(__dirname, '../../..');
// PUSHPULL_CLI runs these tests against another build of the executable (an older one, say).
export const CLI = process.env.PUSHPULL_CLI ?? path.join(ROOT, 'dist', 'cli.js');

/**
 * Why the bundle the tests run is not the code in `src`, or undefined when it is: it must exist and be newer
 * than every source it was made from (those its source map lists; without one, every file of src/cli and
 * src/core). Otherwise these tests would check the last build, not the code.
 */
function staleBundle(): string | undefined {
  if (process.env.PUSHPULL_CLI !== undefined) return undefined;
  const rebuild = 'run `npm run build` (or `node scripts/build.mjs`) first';
  if (!fs.existsSync(CLI)) return `The CLI tests run ${CLI}, which does not exist: ${rebuild}.`;
  const built = fs.statSync(CLI).mtimeMs;
  const newer = bundledSources().filter((file) => !fs.existsSync(file) || fs.statSync(file).mtimeMs > built);
  if (newer.length === 0) return undefined;
  const named = newer.slice(0, 3).map((file) => path.relative(ROOT, file));
  const more = newer.length > 3 ? ` and ${newer.length - 3} more` : '';
  return `The CLI tests run ${path.relative(ROOT, CLI)}, built before ${named.join(', ')}${more} last changed: ${rebuild}.`;
}

function bundledSources(): string[] {
  const map = `${CLI}.map`;
  if (fs.existsSync(map)) {
    const { sources } = JSON.parse(fs.readFileSync(map, 'utf8')) as { sources: string[] };
    // Libraries' own sources named by their source maps (lossless-json's .ts) are not shipped: their package is what counts.
    return sources
      .map((source) => path.resolve(path.dirname(CLI), source))
      .filter((file) => !file.split(path.sep).includes('node_modules') || fs.existsSync(file));
  }
  return ['cli', 'core'].flatMap((folder) =>
    fs
      .readdirSync(path.join(ROOT, 'src', folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => path.join(ROOT, 'src', folder, file)),
  );
}

/** Checked once, at the first start. */
let checked: { readonly stale: string | undefined } | undefined;

/** Every process the tests start; those still running after a test are killed by `killChildren`. */
const children = new Set<ChildProcessWithoutNullStreams>();

export function start(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): ChildProcessWithoutNullStreams {
  checked ??= { stale: staleBundle() };
  if (checked.stale !== undefined) throw new Error(checked.stale);
  const child = spawn(process.execPath, [CLI, ...args], options);
  children.add(child);
  child.on('close', () => children.delete(child));
  return child;
}

export function run(args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = start(args);
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}

/**
 * Starts `pushpull listen` and resolves with its URL once it printed its first line; `stderr()` is what it
 * wrote to stderr so far.
 */
export function listen(args: string[]): Promise<{
  child: ChildProcessWithoutNullStreams;
  url: string;
  exited: Promise<number | null>;
  stderr: () => string;
}> {
  return new Promise((resolve, reject) => {
    const child = start(['listen', ...args]);
    const exited = new Promise<number | null>((done) => child.on('close', done));
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        const match = /^listening on (http:\/\/\S+)$/.exec(line ?? '');
        if (match?.[1]) resolve({ child, url: match[1], exited, stderr: () => err });
        else reject(new Error(`unexpected first line: ${line}`));
      }
    });
    void exited.then((code) => reject(new Error(`listen exited ${code}: ${err}`)));
  });
}

/** `hooks list --json` of `store`, parsed. */
export async function listJson(store: string): Promise<Array<Record<string, unknown>>> {
  const listed = await run(['hooks', 'list', '--store', store, '--json']);
  assert.equal(listed.code, 0, listed.stderr);
  return JSON.parse(listed.stdout.toString()) as Array<Record<string, unknown>>;
}

/** Kills every CLI process still running (after a test). */
export async function killChildren(): Promise<void> {
  for (const child of children) {
    const closed = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGKILL');
    await closed;
  }
}
