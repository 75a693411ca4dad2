// `pushpull hooks list` through the real executable (bin/pushpull.js → dist/cli.js), its output read from a pipe
// as a script in CI would: wall time from start to exit, bytes printed, and hooks counted in the output.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const BIN = path.resolve(__dirname, '..', '..', '..', 'bin', 'pushpull.js');

export interface CliListResult {
  readonly ms: number;
  readonly bytes: number;
  readonly hooks: number;
}

export function timeHooksList(dir: string, json: boolean): Promise<CliListResult> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'hooks', 'list', '--store', dir, ...(json ? ['--json'] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  let bytes = 0;
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    chunks.push(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`hooks list exited ${code}: ${errors}`));
      const out = Buffer.concat(chunks).toString('utf8');
      // JSON: one array, complete; text: one unindented line per hook.
      const hooks = json
        ? (JSON.parse(out) as unknown[]).length
        : out.split('\n').filter((line) => line !== '' && !line.startsWith(' ')).length;
      resolve({ ms, bytes, hooks });
    });
  });
}
