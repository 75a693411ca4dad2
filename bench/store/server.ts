// The server under test, in its own process: `node server.js bare`, `node server.js memory` (the listener with
// the in-memory store: what the listener costs without the disk) or `node server.js pushpull STORE_DIR`.
// Prints `PORT <n>`; on SIGTERM stops, closes the store, prints `STATS <json>` and exits.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Logger } from '../../src/core/clock';
import { HookListener } from '../../src/core/hooks/listener';
import { DurableHookStore } from '../../src/core/store/durable';
import { MemoryHookStore } from '../../src/core/store/hookStore';

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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`);
  return async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return {};
  };
}

async function memory(): Promise<() => Promise<unknown>> {
  const listener = new HookListener(new MemoryHookStore(1000), systemClock, logger);
  const address = await listener.start({ host: '127.0.0.1', port: 0 });
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
  const address = await listener.start({ host: '127.0.0.1', port: 0 });
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
        : mode === 'pushpull' && dir
          ? await pushpull(dir)
          : undefined;
  if (!stop) throw new Error('usage: server.js bare | memory | pushpull STORE_DIR');
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
