import { type ChildProcess, spawn } from 'node:child_process';

/** Spawns `node script args…` and resolves once a stdout line matches `ready`. */
export function spawnUntil(
  script: string,
  args: string[],
  ready: RegExp,
  nodeArgs: string[] = [],
): Promise<{ child: ChildProcess; match: RegExpExecArray; lines: string[] }> {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let buffered = '';
    let done = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        lines.push(line);
        const match = ready.exec(line);
        if (match && !done) {
          done = true;
          resolve({ child, match, lines });
        }
      }
    });
    child.on('exit', (code) => {
      if (!done) reject(new Error(`${script} exited with ${code} before printing ${ready}`));
    });
  });
}

/** Sends SIGTERM and resolves with the stdout lines printed after it, once the child exited. */
export function stopChild(child: ChildProcess, lines: string[]): Promise<string[]> {
  const before = lines.length;
  return new Promise((resolve) => {
    child.on('exit', () => resolve(lines.slice(before)));
    child.kill('SIGTERM');
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function fixed(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A JSON object of exactly `size` bytes that looks like a webhook payload. */
export function jsonBody(size: number): Buffer {
  const head = '{"action":"opened","number":42,"repository":{"full_name":"octo/hello","private":false},"pad":"';
  const tail = '"}';
  const padLength = size - head.length - tail.length;
  if (padLength < 0) throw new Error(`${size} bytes is too small for a body`);
  const pad = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil(padLength / 36)).slice(0, padLength);
  return Buffer.from(head + pad + tail);
}

/** Headers a GitHub delivery carries (besides Host, Content-Length and Connection). */
export const GITHUB_HEADERS: Record<string, string> = {
  accept: '*/*',
  'user-agent': 'GitHub-Hookshot/6b0e1e5',
  'content-type': 'application/json',
  'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
  'x-github-event': 'pull_request',
  'x-github-hook-id': '292430182',
  'x-github-hook-installation-target-id': '79929171',
  'x-github-hook-installation-target-type': 'repository',
  'x-hub-signature': 'sha1=7d38cdd689735b008b3c702edd92eea23791c5f6',
  'x-hub-signature-256': 'sha256=d57c68ca6f92289e6987922ff26938930f6e66a2d161ef06abdf1859230aa23c',
};
