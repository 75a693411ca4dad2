// A store of hooks whose senders filled the query, against stores of ordinary hooks of the same size on disk.
// Build with `npx tsc -p tsconfig.test.json`, then from the repo root:
//   node out/bench/store/hostileBench.js          (BENCH_HOOKS=10000 BENCH_ROUNDS=3)
// Each store is opened read-only in a fresh `node --expose-gc` process, rounds interleaved; medians printed
// as a Markdown table for BENCHMARKS.md.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CapturedHook } from '../../src/core/model/hook';
import { queryOf } from '../../src/core/model/url';
import { DurableHookStore } from '../../src/core/store/durable';
import { githubHook, type LoadFigures, measureLoad } from './indexBench';
import { fixed, jsonBody, median } from './util';

const HOOKS = Number(process.env.BENCH_HOOKS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** ~14 KB of empty pairs, as in the reproduction: `POST /q?xy=&xy=&…`. */
const TARGET = `/q?${'xy=&'.repeat(3500)}`;

type Kind = 'hostile query' | 'same bytes in the body' | 'same bytes in a header';

function hookOf(kind: Kind, n: number, receivedAt: number): CapturedHook {
  if (kind === 'same bytes in the body') return githubHook(n, jsonBody(TARGET.length), receivedAt);
  const hook = githubHook(n, Buffer.from('{}'), receivedAt);
  if (kind === 'same bytes in a header') {
    return { ...hook, headers: [...hook.headers, ['X-Padding', 'x'.repeat(TARGET.length)]] };
  }
  return { ...hook, url: TARGET, fullUrl: `http://127.0.0.1:8787${TARGET}`, path: '/q', query: queryOf(TARGET) };
}

async function fill(dir: string, kind: Kind): Promise<number> {
  const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
  const start = Date.now() - HOOKS;
  for (let i = 0; i < HOOKS; i += 500) {
    const wave: Promise<void>[] = [];
    for (let j = i; j < Math.min(HOOKS, i + 500); j++) wave.push(store.add(hookOf(kind, j, start + j)));
    await Promise.all(wave);
  }
  const bytes = store.totalBytes;
  await store.close();
  return bytes;
}

async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'pushpull-hostile-bench-'));
  const kinds: Kind[] = ['same bytes in the body', 'same bytes in a header', 'hostile query'];
  try {
    const disk = new Map<Kind, number>();
    for (const kind of kinds) disk.set(kind, await fill(path.join(work, kind.replace(/ /g, '-')), kind));
    const runs = new Map<Kind, LoadFigures[]>(kinds.map((kind) => [kind, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const kind of kinds) {
        const figures = await measureLoad(path.join(work, kind.replace(/ /g, '-')), 'read-only', 1);
        runs.get(kind)?.push(figures);
        console.log(JSON.stringify({ round: r + 1, kind, openMs: figures.openMs, heapMB: figures.heapMB }));
      }
    }
    const med = (kind: Kind, pick: (f: LoadFigures) => number): number => median((runs.get(kind) ?? []).map(pick));
    const base = 'same bytes in the body';
    console.log(`\n${HOOKS} hooks each, target ${TARGET.length} bytes, medians of ${ROUNDS} interleaved rounds\n`);
    console.log('| store | on disk | open | heap after open | open ÷ body store | heap ÷ body store |');
    console.log('|---|---|---|---|---|---|');
    for (const kind of kinds) {
      const open = med(kind, (f) => f.openMs);
      const heap = med(kind, (f) => f.heapMB);
      console.log(
        `| ${kind} | ${fixed((disk.get(kind) ?? 0) / 1e6)} MB | ${fixed(open)} ms | ${fixed(heap, 1)} MB | ` +
          `${fixed(open / med(base, (f) => f.openMs), 2)} | ${fixed(heap / med(base, (f) => f.heapMB), 2)} |`,
      );
    }
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
