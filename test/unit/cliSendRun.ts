import * as http from 'node:http';
import { start } from './cliProcess';
import { httpServer, type TestServer } from './http/servers';

// `pushpull send` run as a child process, and a server that remembers what it was sent, for the send tests.

export interface Ran {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Runs `pushpull send …args` with `env` added to (and overriding) this process's environment. */
export function runSend(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    // No proxy from the machine running the tests, unless the test gives one.
    const base = { ...process.env };
    for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) {
      delete base[name];
    }
    const child = start(['send', ...args], { env: { ...base, ...env } });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}

export interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** A server answering as `answer` says, after reading the whole request; `seen` lists the requests it got. */
export async function recordingServer(
  answer: (req: Seen, res: http.ServerResponse) => void = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello');
  },
): Promise<TestServer & { seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = await httpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const one = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(one);
      answer(one, res);
    });
  });
  return { ...server, seen };
}

/** A forward HTTP proxy (absolute-form requests only); `seen` lists the request lines it was asked. */
export async function forwardProxy(): Promise<TestServer & { seen: string[] }> {
  const seen: string[] = [];
  const server = await httpServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const onward = http.request(new URL(req.url ?? ''), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    onward.on('error', () => res.destroy());
    req.pipe(onward);
  });
  return { ...server, seen };
}
