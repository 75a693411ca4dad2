import * as fs from 'node:fs/promises';
import type * as http from 'node:http';
import * as path from 'node:path';
import { openFileSender, type FileSender } from '../../../src/cli/sendFileSession';
import { HttpFileRunner, type HttpFileRunnerDeps } from '../../../src/core/httpFile/runner';
import { NO_VARIABLES, type Environment } from '../../../src/core/pull/environments';
import { startServer, tempDir } from '../helpers';

/** One request as the server got it: method, target, headers as sent, and the exact body bytes. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly rawHeaders: string[];
  readonly body: Buffer;
}

/** A real server on port 0 that records every request and answers with `answer` (JSON echo by default). */
export async function recordingServer(
  answer?: (req: Received, res: http.ServerResponse) => void,
): Promise<{ url: string; port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = await startServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const got: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
      };
      received.push(got);
      if (answer) return answer(got, res);
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-id', `id-${received.length}`);
      res.end(JSON.stringify({ n: received.length, method: got.method, url: got.url, token: `t${received.length}` }));
    });
  });
  return { ...server, received };
}

export interface RunnerSetup {
  readonly runner: HttpFileRunner;
  readonly dir: string;
  readonly filePath: string;
  readonly sender: FileSender;
  dispose(): Promise<void>;
}

/** A runner for a `.http` file in a fresh temp folder, sending for real (no history), files read from disk. */
export async function runnerFor(
  environment: Environment = NO_VARIABLES,
  extra: Partial<HttpFileRunnerDeps> = {},
  files: Record<string, string | Uint8Array> = {},
): Promise<RunnerSetup> {
  const dir = await tempDir('pushpull-httpfile-');
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), content);
  }
  const filePath = path.join(dir, 'requests.http');
  const sender = await openFileSender(undefined, {});
  const runner = new HttpFileRunner({
    filePath,
    environment: () => environment,
    processEnv: {},
    readFile: (file) => fs.readFile(file),
    send: (prepared, signal) => sender.send(prepared, signal),
    ...extra,
  });
  return {
    runner,
    dir,
    filePath,
    sender,
    async dispose() {
      await sender.dispose();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export function env(variables: Record<string, string>, shared: Record<string, string> = {}, name = 'dev'): Environment {
  return { name, variables: new Map(Object.entries(variables)), shared: new Map(Object.entries(shared)) };
}
