// Store and listener benchmark. Build with `npx tsc -p tsconfig.test.json`, then run from the repo root:
//   node out/bench/store/run.js            all of it (~8 min), figures to bench/results-store.md
//   node out/bench/store/run.js --only load | --only index     one part
//   BENCH_SECONDS=8 BENCH_WARMUP=2 BENCH_ROUNDS=3 BENCH_BIG_GB=2.5     durations, rounds, size of the big store
//   BENCH_DIRECT_IO=0                      PushPull's store without O_DIRECT for large appends
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { type CliListResult, timeHooksList } from './cliList';
import { dropActiveIndex, fillStore, type LoadFigures, measureLoad } from './indexBench';
import { type DiskResult, type LoadResult, measureDisk, runCase } from './listenerBench';
import { fixed, median } from './util';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const BIG_GB = Number(process.env.BENCH_BIG_GB ?? 2.5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZES = [1024, 100 * 1024];
const ROOT = path.resolve(__dirname, '..', '..', '..');

function cpu(result: LoadResult): string {
  return result.cpuUsPerRequest === undefined ? '–' : fixed(result.cpuUsPerRequest);
}

function threads(result: LoadResult): string {
  const t = result.threadsUsPerRequest;
  return t ? `${fixed(t.main)} + ${fixed(t.others)}` : '–';
}

interface Round {
  readonly bare: LoadResult;
  readonly memory: LoadResult;
  readonly floor: LoadResult;
  readonly pushpull: LoadResult;
  readonly ratio: number;
  readonly load: number;
}

async function loadSection(work: string): Promise<string[]> {
  const disk: DiskResult = await measureDisk(work);
  console.log(`disk: ${disk.line}`);
  const rows: string[] = [];
  const verdicts: string[] = [];
  for (const size of SIZES) {
    const diskLimit = disk.bytesPerSec / size;
    const rounds: Round[] = [];
    // Rounds interleave the four servers so that each ratio compares runs minutes apart at most.
    for (let r = 0; r < ROUNDS; r++) {
      const bare = await runCase('bare', size, SECONDS, WARMUP, work);
      const memory = await runCase('memory', size, SECONDS, WARMUP, work);
      const floor = await runCase('floor', size, SECONDS, WARMUP, work);
      const pushpull = await runCase('pushpull', size, SECONDS, WARMUP, work);
      const ratio = pushpull.reqPerSec / Math.min(bare.reqPerSec, diskLimit);
      rounds.push({ bare, memory, floor, pushpull, ratio, load: os.loadavg()[0] ?? 0 });
      console.log(JSON.stringify({ size, bare, memory, floor, pushpull, ratio }));
    }
    for (const [i, { bare, memory, floor, pushpull: pp, ratio, load }] of rounds.entries()) {
      const floorRatio = floor.reqPerSec / Math.min(bare.reqPerSec, diskLimit);
      rows.push(
        `| ${size / 1024} KB | ${i + 1} | ${fixed(bare.reqPerSec)} | ${fixed(diskLimit)} | ${fixed(memory.reqPerSec)} | ` +
          `${fixed(floor.reqPerSec)} (${fixed(floorRatio * 100)}%) | ` +
          `${fixed(pp.reqPerSec)} | **${fixed(ratio * 100)}%** | ${pp.p50} / **${pp.p99}** / ${pp.max} | ` +
          `${fixed(pp.hooksPerCommit ?? 0, 1)} | ${cpu(bare)} / ${cpu(memory)} / ${cpu(pp)} | ` +
          `${threads(bare)} / ${threads(pp)} | ` +
          `${pp.answeredIds} 2xx ids, ${pp.stored} stored, **${pp.missing} missing**` +
          `${pp.non2xx + pp.errors > 0 ? `, non-2xx ${pp.non2xx}, errors ${pp.errors}` : ''} | ${fixed(load, 1)} |`,
      );
    }
    const ratio = median(rounds.map((r) => r.ratio));
    const p99 = median(rounds.map((r) => r.pushpull.p99));
    const lost = rounds.reduce((sum, r) => sum + (r.pushpull.missing ?? 0), 0);
    const memoryRatio = median(rounds.map((r) => r.memory.reqPerSec / Math.min(r.bare.reqPerSec, diskLimit)));
    const floorRatio = median(rounds.map((r) => r.floor.reqPerSec / Math.min(r.bare.reqPerSec, diskLimit)));
    verdicts.push(
      `${size / 1024} KB: median ratio ${fixed(ratio * 100)}% (target ≥ 60%: ${ratio >= 0.6 ? 'met' : 'NOT met'}), ` +
        `median p99 ${p99} ms (target ≤ 50: ${p99 <= 50 ? 'met' : 'NOT met'}), ${lost === 0 ? 'zero lost' : `${lost} LOST`}; ` +
        `the listener on the in-memory store reaches ${fixed(memoryRatio * 100)}% of the same limit, ` +
        `the durable floor ${fixed(floorRatio * 100)}%` +
        (size === SIZES[0] ? `; both costs on one thread: ${fixed(combined(memoryRatio, floorRatio) * 100)}%.` : '.'),
    );
  }
  return [
    '### Listener with the durable store vs. the physical limit',
    '',
    `autocannon, 50 connections, ${SECONDS} s per case after a ${WARMUP} s warm-up, POST of a JSON body with GitHub's headers;`,
    'each server in its own process, autocannon in the parent (so all four share the 2 cores with it).',
    '- **bare**: `node:http` that reads the body and answers 200;',
    "- **memory**: PushPull's `HookListener` with the in-memory store (what the listener costs without any disk);",
    '- **floor**: the least a durable `node:http` listener can do: read the body, take its sha256, append it with group',
    '  commit (one writev + one fdatasync per batch) and answer 200 after the fdatasync; no capture, index or record',
    '  format. Its ratio to the limit is shown beside it;',
    '- **PushPull**: `HookListener` + `DurableHookStore` (retention unlimited; every answer after write + fdatasync).',
    `- **disk**: \`dd if=/dev/zero bs=1M count=512 conv=fdatasync\` gave ${disk.line.replace(/^.*copied, /, '')}; ÷ body size.`,
    '',
    'Ratio = PushPull req/s ÷ min(bare, disk). Zero lost: every id answered 2xx (warm-up included) is in the store',
    'afterwards. Server CPU = user + system time of the server process ÷ requests it answered (kernel work for',
    'sockets and files included). Threads: the same for the measured run only, split into the main thread (the one',
    'that parses requests and answers them) + all other threads (fdatasync, hashing, garbage collection). Load = the',
    "machine's 1-minute load average after the round (other work shares this machine).",
    '',
    '| body | round | bare req/s | disk limit req/s | memory req/s | floor req/s (ratio) | PushPull req/s | ratio | PushPull p50 / p99 / max ms | hooks per fdatasync | server CPU µs/req bare / memory / PushPull | threads µs/req bare / PushPull | zero lost | load |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | --- | --- | ---: |',
    ...rows,
    '',
    ...verdicts.map((v) => `- ${v}`),
    '',
  ];
}

/**
 * The ratio of a server that pays both the listener's cost and the floor's, each measured as a ratio r of the
 * bare server (time per request 1/r of bare's): on one thread the extra times add, 1/(1/a + 1/b − 1).
 */
function combined(a: number, b: number): number {
  return 1 / (1 / a + 1 / b - 1);
}

function loadRow(label: string, f: LoadFigures): string {
  return (
    `| ${label} | ${fixed(f.hooks)} | ${fixed(f.bytes / 1e9, 2)} GB | **${fixed(f.openMs)} ms** | ` +
    `**${fixed(f.heapMB + f.externalMB, 1)} MB** (heap ${fixed(f.heapMB, 1)}, external ${fixed(f.externalMB, 1)}; RSS +${fixed(f.rssMB)}) | ` +
    `${fixed(f.firstListMs, 1)} ms / ${fixed(f.cachedListMs, 3)} ms | ${f.jsonMs === undefined ? '–' : `${fixed(f.jsonMs)} ms`} |`
  );
}

async function indexSection(work: string): Promise<string[]> {
  const small = path.join(work, 'index-100k');
  console.log('filling 100,000 hooks of 1 KB…');
  await fillStore(small, 100_000, 1024);
  const writer = await measureLoad(small, 'writer');
  const afterCrash = await measureLoad(small, 'writer', 3, () => dropActiveIndex(small));
  const reader = await measureLoad(small, 'read-only');
  // The CLI measured is the one built from this source.
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')]);
  const smallList = { json: await timeHooksList(small, true), text: await timeHooksList(small, false) };
  await fs.rm(small, { recursive: true, force: true });
  const big = path.join(work, 'index-big');
  const bigCount = Math.round((BIG_GB * 1e9) / (100 * 1024));
  console.log(`filling ${bigCount} hooks of 100 KB…`);
  await fillStore(big, bigCount, 100 * 1024);
  const bigReader = await measureLoad(big, 'read-only');
  const bigList = { json: await timeHooksList(big, true), text: await timeHooksList(big, false) };
  await fs.rm(big, { recursive: true, force: true });
  console.log(JSON.stringify({ writer, reader, bigReader, smallList, bigList }));
  const listRow = (store: string, stored: LoadFigures, json: boolean, result: CliListResult): string =>
    `| \`pushpull hooks list${json ? ' --json' : ''}\` | ${store} | ${fixed(stored.hooks)} | ${fixed(stored.bytes / 1e9, 2)} GB | ` +
    `**${fixed(result.ms)} ms** | ${fixed(result.bytes / 1e6, 1)} MB | ${fixed(result.hooks)} |`;
  return [
    '### Index load',
    '',
    'Each store written by `DurableHookStore` with GitHub-like hooks (13 headers, per-delivery ids and signatures),',
    'then opened in a fresh `node --expose-gc` process, median of 3. Memory = heap + external growth across the open,',
    'after GC (the index with its newest-first list). Warm page cache.',
    '',
    '| open | hooks | stored | index ready | index memory | first / cached `list()` | all metadata as JSON |',
    '| --- | ---: | ---: | ---: | --- | --- | ---: |',
    loadRow('writer (`open`), 1 KB bodies', writer),
    loadRow('writer after a crash (active segment not indexed: scanned, bodies checked)', afterCrash),
    loadRow('read-only (`openReadOnly`), 1 KB bodies', reader),
    loadRow(`read-only, 100 KB bodies (multi-GB store)`, bigReader),
    '',
    `- 100,000 hooks: index ready in ${fixed(writer.openMs)} ms (${fixed(afterCrash.openMs)} ms after a crash; target ≤ 1,000), ` +
      `${fixed(writer.heapMB + writer.externalMB, 1)} MB (target ≤ 100).`,
    '',
    '### `hooks list` through the real executable',
    '',
    '`node bin/pushpull.js hooks list --store DIR [--json]` on the same stores, output read from a pipe; time from',
    'start to exit (Node start, index load, inspection of the newest bodies not inspected on arrival, printing).',
    'Hooks printed are counted in the output (`--json`: the parsed array).',
    '',
    '| command | store | hooks | stored | wall time | printed | hooks printed |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    listRow('1 KB bodies', reader, true, smallList.json),
    listRow('1 KB bodies', reader, false, smallList.text),
    listRow('100 KB bodies (multi-GB)', bigReader, true, bigList.json),
    listRow('100 KB bodies (multi-GB)', bigReader, false, bigList.text),
    '',
  ];
}

async function main(): Promise<void> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'pushpull-bench-'));
  try {
    const lines = [
      '## Hook store and listener',
      '',
      `Run \`npx tsc -p tsconfig.test.json && node out/bench/store/run.js\` on ${new Date().toISOString().slice(0, 10)}: ` +
        `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${os.platform()} ${os.release()}.`,
      '',
    ];
    if (only !== 'index') lines.push(...(await loadSection(work)));
    if (only !== 'load') lines.push(...(await indexSection(work)));
    const out = path.join(ROOT, 'bench', 'results-store.md');
    await fs.writeFile(out, lines.join('\n'));
    // The repository's format check covers this file: write it as Prettier would.
    await promisify(execFile)(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--write', out]);
    console.log(lines.join('\n'));
    console.log(`\nwritten to ${out}`);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
