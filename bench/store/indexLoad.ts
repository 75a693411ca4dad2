// Child of the index benchmark, run with --expose-gc: `node --expose-gc indexLoad.js STORE_DIR [read-only]`.
// Opens the store once and prints `RESULT <json>`: open time, index memory, list() time.
import { DurableHookStore } from '../../src/core/store/durable';

const gc = (globalThis as { gc?: () => void }).gc;

function memory(): { heap: number; external: number; rss: number } {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external + m.arrayBuffers, rss: m.rss };
}

async function main(): Promise<void> {
  const [dir, mode] = process.argv.slice(2);
  if (!dir || !gc) throw new Error('usage: node --expose-gc indexLoad.js STORE_DIR [read-only]');
  const before = memory();
  const started = performance.now();
  const store =
    mode === 'read-only'
      ? await DurableHookStore.openReadOnly(dir)
      : await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
  const openMs = performance.now() - started;
  const listStarted = performance.now();
  const list = store.list();
  const firstListMs = performance.now() - listStarted;
  const againStarted = performance.now();
  store.list();
  const cachedListMs = performance.now() - againStarted;
  let jsonMs: number | undefined;
  if (mode === 'read-only') {
    // What `hooks list --json` does besides printing: every hook's metadata with its headers, as JSON.
    const t = performance.now();
    let bytes = 0;
    for (const meta of list) bytes += JSON.stringify(meta).length;
    jsonMs = performance.now() - t;
    if (bytes === 0) throw new Error('no output');
  }
  const after = memory();
  process.stdout.write(
    `RESULT ${JSON.stringify({
      hooks: store.size,
      bytes: store.totalBytes,
      openMs,
      firstListMs,
      cachedListMs,
      jsonMs,
      heapMB: (after.heap - before.heap) / 1e6,
      externalMB: (after.external - before.external) / 1e6,
      rssMB: (after.rss - before.rss) / 1e6,
    })}\n`,
  );
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
