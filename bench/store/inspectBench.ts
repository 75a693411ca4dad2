// Inspecting one 25 MB JSON body of [{},{},…] (the event type, JSON validity): how long it takes, the longest
// time the event loop is held up, and the peak memory of the process. Build with `npx tsc -p tsconfig.test.json`,
// then from the repo root: node out/bench/store/inspectBench.js
// Each way runs in a fresh process, 3 rounds interleaved, medians; the floor is one pass over the bytes
// (`indexOf` of a byte that is not there), the least any inspection must do.
import { execFileSync } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { inspectBody, inspectLargeBody } from '../../src/core/hooks/inspect';
import { fixed, median } from './util';

const WAYS = ['floor', 'JSON.parse (before)', 'scan (now)'] as const;
type Way = (typeof WAYS)[number];
const MB = Number(process.env.BENCH_BODY_MB ?? 25);

interface Figures {
  readonly ms: number;
  readonly stallMs: number;
  readonly peakMB: number;
}

async function child(way: Way): Promise<void> {
  const count = Math.floor((MB * 1024 * 1024) / 3);
  const body = Buffer.from(`[${'{},'.repeat(count - 1)}{}]`);
  const before = process.resourceUsage().maxRSS;
  const stalls = monitorEventLoopDelay({ resolution: 1 });
  stalls.enable();
  // A turn of the event loop first, so that the monitor's timer is armed.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = performance.now();
  if (way === 'floor') {
    if (body.indexOf(0) !== -1) throw new Error('unexpected byte');
    await new Promise((resolve) => setImmediate(resolve));
  } else if (way === 'JSON.parse (before)') {
    inspectBody([], body, 'application/json');
    await new Promise((resolve) => setImmediate(resolve));
  } else {
    await inspectLargeBody([], body, 'application/json');
  }
  const ms = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 20));
  stalls.disable();
  const figures: Figures = {
    ms,
    stallMs: stalls.max / 1e6,
    peakMB: (process.resourceUsage().maxRSS - before) / 1024,
  };
  process.stdout.write(JSON.stringify(figures));
}

function main(): void {
  const runs = new Map<Way, Figures[]>(WAYS.map((way) => [way, []]));
  for (let round = 0; round < 3; round++) {
    for (const way of WAYS) {
      const out = execFileSync(process.execPath, [__filename, way], { encoding: 'utf8' });
      runs.get(way)?.push(JSON.parse(out) as Figures);
    }
  }
  const med = (way: Way, pick: (f: Figures) => number): number => median((runs.get(way) ?? []).map(pick));
  console.log(
    `| inspecting a ${MB} MB body of [{},{},…] | time | ÷ floor | longest event-loop stall | peak memory added |`,
  );
  console.log('|---|---|---|---|---|');
  for (const way of WAYS) {
    console.log(
      `| ${way} | ${fixed(med(way, (f) => f.ms))} ms | ${fixed(med(way, (f) => f.ms) / med('floor', (f) => f.ms), 1)} | ` +
        `${fixed(med(way, (f) => f.stallMs))} ms | ${fixed(med(way, (f) => f.peakMB))} MB |`,
    );
  }
}

const way = process.argv[2] as Way | undefined;
if (way) void child(way);
else main();
