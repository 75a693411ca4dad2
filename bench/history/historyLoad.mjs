// Child of the history benchmark, run with --expose-gc: `node --expose-gc historyLoad.mjs OUT_DIR history|hooks DIR`.
// Opens the history (or the hook store) once and prints `RESULT <json>`: open time, heap growth, list(),
// newest(200) and a filter over every summary.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const [out, kind, dir] = process.argv.slice(2);
const gc = globalThis.gc;
if (!out || !dir || !gc || (kind !== 'history' && kind !== 'hooks')) {
  throw new Error('usage: node --expose-gc historyLoad.mjs OUT_DIR history|hooks DIR');
}
const require = createRequire(import.meta.url);
const memory = () => {
  gc();
  gc();
  return process.memoryUsage();
};

// Loaded before the clock starts: only the opening is timed.
const { HistoryStore } = require(path.resolve(out, 'src/core/store/history/index.js'));
const { DurableHookStore } = require(path.resolve(out, 'src/core/store/durable/index.js'));
const before = memory();
const started = performance.now();
const store =
  kind === 'history'
    ? await HistoryStore.open(dir, { limits: { maxExchanges: 0, maxBytes: 0 } })
    : await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
const openMs = performance.now() - started;
let t = performance.now();
const list = store.list();
const listMs = performance.now() - t;
t = performance.now();
const newest = store.newest(200);
const newestMs = performance.now() - t;
// What a filter box does: a case-insensitive substring of the URL, over every summary.
t = performance.now();
const needle = '/items/4242';
const matched = list.filter((item) => item.url.toLowerCase().includes(needle)).length;
const filterMs = performance.now() - t;
const after = memory();
const count = list.length;
process.stdout.write(
  `RESULT ${JSON.stringify({
    kind,
    count,
    openMs,
    listMs,
    newestMs,
    newestCount: newest.length,
    filterMs,
    matched,
    heapMB: (after.heapUsed - before.heapUsed) / 1e6,
    heapBytesPerItem: (after.heapUsed - before.heapUsed) / count,
    rssMB: (after.rss - before.rss) / 1e6,
  })}\n`,
);
await (kind === 'history' ? store.dispose() : store.close());
