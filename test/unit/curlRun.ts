import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import { silentLogger } from '../../src/core/clock';
import { HookListener } from '../../src/core/hooks/listener';
import type { HookMeta } from '../../src/core/model/hook';
import { MemoryHookStore } from '../../src/core/store/memoryHookStore';
import { startServer, tempDir } from './helpers';

/** Sends raw request bytes to a real listener and returns the hook it stored, with its body. */
export async function captureRaw(
  request: (listenerPort: number) => Buffer,
): Promise<{ hook: HookMeta; body: Uint8Array }> {
  const store = new MemoryHookStore();
  const listener = new HookListener(store, { now: () => Date.now() }, silentLogger);
  const address = await listener.start({ port: 0 });
  try {
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(address.port, '127.0.0.1', () => socket.write(request(address.port)));
      socket.on('data', () => socket.end());
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
  } finally {
    await listener.stop();
  }
  const hook = store.newest(1)[0];
  assert.ok(hook, 'the listener stored the request');
  return { hook, body: (await store.readBody(hook.id)) ?? new Uint8Array() };
}

/** One request as a real server read it. */
export interface Received {
  method: string;
  url: string;
  /** Raw header pairs in arrival order. */
  headers: Array<[string, string]>;
  body: Buffer;
}

/**
 * Runs a script with bash, as a user pasting it would, and gives its exit code and error output. The script goes
 * in a file, so only the command itself meets the argument-length limit.
 */
export async function runBash(script: string): Promise<{ code: number; stderr: string }> {
  const dir = await tempDir();
  const file = path.join(dir, 'command.sh');
  await fs.writeFile(file, `${script}\n`);
  try {
    return await new Promise((resolve) =>
      execFile('bash', [file], { maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : error ? -1 : 0, stderr }),
      ),
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * A real server on port 0 that records every request and answers `200` with `Content-Length: 0`, so a client
 * sending HEAD with -X HEAD reads no body and ends.
 */
export async function recordingServer(): Promise<{
  url: string;
  port: number;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server = await startServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Array<[string, string]> = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        headers.push([req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string]);
      }
      received.push({ method: req.method ?? '', url: req.url ?? '', headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-length': '0' });
      res.end();
    });
  });
  return { ...server, received };
}
