import * as assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';

// The `pushpull` executable run as a child process, for the CLI tests.

// PUSHPULL_CLI runs these tests against another build of the executable (an older one, say).
export const CLI = process.env.PUSHPULL_CLI ?? path.resolve(__dirname, '../../../dist/cli.js');

/** Every process the tests start; those still running after a test are killed by `killChildren`. */
const children = new Set<ChildProcessWithoutNullStreams>();

export function start(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): ChildProcessWithoutNullStreams {
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
