import * as diagnostics from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { silentLogger } from '../../src/core/clock';
import type { HookMeta } from '../../src/core/model/hook';
import { HookListener, type ListeningAddress } from '../../src/core/hooks/listener';
import { DurableHookStore } from '../../src/core/store/durable';

/** A real HTTP server on a free port, answering with `handler`. */
export async function startServer(
  handler: http.RequestListener,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A forward target that takes requests and never answers: `reached` once one arrives, `closed` once its connection ends. */
export async function hangingTarget(): Promise<{
  url: string;
  reached: Promise<void>;
  closed: Promise<void>;
  close(): Promise<void>;
}> {
  let arrived!: () => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  let ended!: () => void;
  const closed = new Promise<void>((resolve) => (ended = resolve));
  const server = await startServer((req) => {
    arrived();
    req.socket.on('close', () => ended());
  });
  return { url: server.url, reached, closed, close: () => server.close() };
}

export async function tempDir(prefix = 'pushpull-test-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Sends one request with node:http and returns status, headers and body. */
export function send(
  url: string,
  options: { method?: string; headers?: http.OutgoingHttpHeaders | string[]; body?: Buffer | string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * A fresh durable store (in a temporary folder, as the product keeps hooks) and a listener on it for each test of
 * the calling `describe`, stopped, closed and removed after it. Read `fixture.store` and `fixture.listener` inside
 * the tests.
 */
export function listenerPerTest(): { store: DurableHookStore; listener: HookListener } {
  const fixture = {} as { store: DurableHookStore; listener: HookListener; dir: string };
  beforeEach(async () => {
    fixture.dir = await tempDir('pushpull-listener-');
    fixture.store = await DurableHookStore.open(fixture.dir);
    fixture.listener = new HookListener(fixture.store, { now: () => Date.now() }, silentLogger);
  });
  afterEach(async () => {
    await fixture.listener.stop();
    await fixture.store.close();
    await fs.rm(fixture.dir, { recursive: true, force: true });
  });
  return fixture;
}

/** Threads of this process (Linux), or undefined where /proc cannot tell. */
export function threads(): number | undefined {
  try {
    const match = /^Threads:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function waitUntil(condition: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !condition();) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Writes `chunks` on a raw socket (pausing `gapMs` between them) and resolves with all it read once it closed. */
export function rawExchange(address: ListeningAddress, chunks: string[], gapMs = 0): Promise<{ text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(address.port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('close', () => resolve({ text }));
    let i = 0;
    const writeNext = (): void => {
      if (socket.destroyed || i >= chunks.length) return;
      socket.write(chunks[i++] as string);
      setTimeout(writeNext, gapMs);
    };
    socket.on('connect', writeNext);
  });
}

/** A sender that never finishes: see `dripForever`. */
export interface Drip {
  /** Resolves with all the sender read, once the listener closed the connection. */
  readonly closed: Promise<string>;
  /** Whether the connection is still open. */
  readonly open: boolean;
  /** Ends the connection from the sender's side. */
  end(): void;
}

/**
 * Writes `head`, then `drop` every `gapMs` for as long as the connection stays open: a request that never
 * ends, so only the listener can end the exchange. Resolves once connected and the head is written.
 */
export async function dripForever(address: ListeningAddress, head: string, drop: string, gapMs = 50): Promise<Drip> {
  const socket = net.connect(address.port, '127.0.0.1');
  let text = '';
  let open = true;
  socket.on('data', (d) => (text += d.toString('latin1')));
  // Writes racing the listener's close may fail; the close is what the tests look at.
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(head);
  const timer = setInterval(() => socket.write(drop), gapMs);
  const closed = new Promise<string>((resolve) =>
    socket.on('close', () => {
      open = false;
      clearInterval(timer);
      resolve(text);
    }),
  );
  return {
    closed,
    get open() {
      return open;
    },
    end: () => socket.destroy(),
  };
}

/** Sends `bytes` as they are to the listener at `url`; resolves with the status line of the answer. */
export function sendRaw(url: string, bytes: Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1').split('\r\n')[0] ?? ''));
  });
}

/** A hook's metadata for tests that render or export it: POST /x from 127.0.0.1, no headers, with `extra`. */
export function hookMeta(extra: Partial<HookMeta> = {}): HookMeta {
  return {
    id: '1',
    receivedAt: 0,
    method: 'POST',
    url: '/x',
    fullUrl: 'http://127.0.0.1/x',
    path: '/x',
    query: [],
    headers: [],
    httpVersion: '1.1',
    remoteAddress: '127.0.0.1',
    remotePort: 1,
    contentType: undefined,
    bodySize: 0,
    bodySha256: '',
    bodyMs: 0,
    flags: [],
    route: undefined,
    answerStatus: 200,
    ...extra,
  };
}

/**
 * Resolves once an HTTP server of this process has the head of a request for `url` (Node's
 * `http.server.request.start` diagnostics channel): the request is in progress, no longer a connection alone.
 */
export function requestArrives(url: string): Promise<void> {
  return new Promise((resolve) => {
    const seen = (message: unknown): void => {
      if ((message as { request: { url?: string } }).request.url !== url) return;
      diagnostics.unsubscribe('http.server.request.start', seen);
      resolve();
    };
    diagnostics.subscribe('http.server.request.start', seen);
  });
}
