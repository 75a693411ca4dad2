// The server under test, in its own process: `node server.js bare`, `node server.js memory` (the listener with
// the in-memory store: what the listener costs without the disk), `node server.js floor STORE_DIR` (durable
// node:http with nothing else) or `node server.js pushpull STORE_DIR`.
// Prints `PORT <n>`; on SIGTERM stops, closes the store, prints `STATS <json>` and exits.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Logger } from '../../src/core/clock';
import { HookListener } from '../../src/core/hooks/listener';
import { DurableHookStore } from '../../src/core/store/durable';
import { MemoryHookStore } from '../../src/core/store/memoryHookStore';

const logger: Logger = {
  info: () => undefined,
  warn: (message) => process.stderr.write(`warn: ${message}\n`),
  error: (message) => process.stderr.write(`error: ${message}\n`),
};

async function bare(): Promise<() => Promise<unknown>> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      Buffer.concat(chunks);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  return served(server, () => ({}));
}

/** Listens on a free port, prints it, and returns the stop that closes the server and then reports `stats()`. */
async function served(server: http.Server, stats: () => unknown): Promise<() => Promise<unknown>> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`);
  return async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return stats();
  };
}

/**
 * The least any durable node:http listener can do: read the body, take its sha256, append a tiny head and the
 * body with group commit (one writev and one fdatasync for everything queued meanwhile) and answer 200 with an
 * id once the fdatasync is done. No capture fields, no index, no record format, no retention, no verification.
 */
async function floor(dir: string): Promise<() => Promise<unknown>> {
  fs.mkdirSync(dir, { recursive: true });
  const fd = fs.openSync(`${dir}/floor.log`, 'a');
  let queue: Array<{ head: Buffer; body: Buffer; res: http.ServerResponse; id: string }> = [];
  let syncing = false;
  let seq = 0;
  const stats = { commits: 0, recordsCommitted: 0 };
  const commit = (): void => {
    if (syncing || queue.length === 0) return;
    syncing = true;
    const batch = queue;
    queue = [];
    fs.writevSync(
      fd,
      batch.flatMap(({ head, body }) => [head, body]),
    );
    fs.fdatasync(fd, (error) => {
      if (error) throw error;
      syncing = false;
      stats.commits++;
      stats.recordsCommitted += batch.length;
      for (const { res, id } of batch) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"ok":true,"id":"${id}"}`);
      }
      setImmediate(commit);
    });
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const id = `${Date.now()}-${++seq}`;
      const head = Buffer.from(`${id} ${crypto.createHash('sha256').update(body).digest('hex')} ${body.length}\n`);
      queue.push({ head, body, res, id });
      if (!syncing) setImmediate(commit);
    });
  });
  return served(server, () => {
    fs.closeSync(fd);
    return stats;
  });
}

/** The benchmarks measure the listener and store at full speed from one address: no limits on senders. */
const UNLIMITED = { host: '127.0.0.1', port: 0, maxConnections: 0, maxHooksPerSecond: 0 };

async function memory(): Promise<() => Promise<unknown>> {
  const listener = new HookListener(new MemoryHookStore(1000), systemClock, logger);
  const address = await listener.start(UNLIMITED);
  process.stdout.write(`PORT ${address.port}\n`);
  return async () => {
    await listener.stop();
    return {};
  };
}

async function pushpull(dir: string): Promise<() => Promise<unknown>> {
  const store = await DurableHookStore.open(dir, {
    maxHooks: 0,
    maxBytes: 0,
    logger,
    owner: 'benchmark',
    directIo: process.env.BENCH_DIRECT_IO !== '0',
  });
  const listener = new HookListener(store, systemClock, logger);
  const address = await listener.start(UNLIMITED);
  process.stdout.write(`PORT ${address.port}\n`);
  return async () => {
    await listener.stop();
    await store.close();
    return store.stats();
  };
}

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  const stop =
    mode === 'bare'
      ? await bare()
      : mode === 'memory'
        ? await memory()
        : mode === 'floor' && dir
          ? await floor(dir)
          : mode === 'pushpull' && dir
            ? await pushpull(dir)
            : undefined;
  if (!stop) throw new Error('usage: server.js bare | memory | floor STORE_DIR | pushpull STORE_DIR');
  process.once('SIGTERM', () => {
    void stop().then((stats) => {
      const cpu = process.cpuUsage();
      const line = JSON.stringify({
        ...(stats as object),
        cpuMs: (cpu.user + cpu.system) / 1000,
        systemMs: cpu.system / 1000,
      });
      process.stdout.write(`STATS ${line}\n`, () => process.exit(0));
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
