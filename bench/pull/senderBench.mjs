// PushPull's sender (`pull` from the built dist/http.js) against raw `undici.request` on the same local server, in
// the same run: sequential and 50 in flight, 1 KB and 1 MB bodies, rounds interleaved (which goes first alternates),
// medians. Then a 100 MB answer through `pull` (spilled to disk): heap growth and the longest event-loop stall,
// against `curl -o file` of the same answer when curl is there.
//   npm run build && node bench/pull/senderBench.mjs [--rounds 5] [--huge-mb 100]
/* global Buffer, URL, setImmediate, performance, setInterval, clearInterval */
import { execFileSync, fork } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const { pull, ConnectionPool } = require(path.join(root, 'dist/http.js'));
const { Agent, request } = require('undici');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const ROUNDS = arg('rounds', 5);
const HUGE_MB = arg('huge-mb', 100);
const CASES = [
  { name: 'sequential 1 KB', path: '/small', concurrency: 1, requests: 4000 },
  { name: 'sequential 1 MB', path: '/large', concurrency: 1, requests: 200 },
  { name: '50 in flight 1 KB', path: '/small', concurrency: 50, requests: 5000 },
  { name: '50 in flight 1 MB', path: '/large', concurrency: 50, requests: 400 },
];

// `--only 1` runs the first case alone (and so on), for a closer look at one of them.
const only = arg('only', 0);
if (only > 0) CASES.splice(0, CASES.length, CASES[only - 1]);

const server = fork(path.join(root, 'bench/pull/senderServer.mjs'), { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
const base = `http://127.0.0.1:${port}`;
const spillDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pushpull-bench-'));

/**
 * Raw undici, reading the body as pull does (chunks into one buffer) and then waiting one turn of the event loop as
 * pull does: without it undici opens a new connection for a request sent on the line after the body ended, and the
 * baseline would measure connecting instead of sending.
 */
async function rawSide(url, agent) {
  const response = await request(url, { dispatcher: agent });
  const chunks = [];
  for await (const chunk of response.body) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  await new Promise((resolve) => setImmediate(resolve));
  if (response.statusCode !== 200 || body.length === 0) throw new Error('raw: bad answer');
}

async function pullSide(url, pool) {
  const response = await pull(
    { method: 'GET', url, headers: [], body: { kind: 'none' } },
    { spillDir, pool, userAgent: 'PushPull/bench' },
  );
  if (response.status !== 200 || response.raw.kind !== 'memory') throw new Error('pull: bad answer');
}

/**
 * Requests per second of `send` over one case (`concurrency` loops share `requests`), and this process's CPU time
 * per request in µs (the client's cost alone: the server runs in another process).
 */
async function run(kase, send) {
  let left = kase.requests;
  const url = `${base}${kase.path}`;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: kase.concurrency }, async () => {
      while (left-- > 0) await send(url);
    }),
  );
  const used = process.cpuUsage(cpu);
  return {
    rate: kase.requests / ((performance.now() - started) / 1000),
    cpu: (used.user + used.system) / kase.requests,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = CASES.map(() => ({ raw: [], pull: [], rawCpu: [], pullCpu: [] }));
const agent = new Agent();
const pool = new ConnectionPool();
// Warm-up: connections, JIT.
for (const kase of CASES) {
  await run({ ...kase, requests: Math.ceil(kase.requests / 10) }, (u) => rawSide(u, agent));
  await run({ ...kase, requests: Math.ceil(kase.requests / 10) }, (u) => pullSide(u, pool));
}
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, kase] of CASES.entries()) {
    const order = round % 2 === 0 ? ['raw', 'pull'] : ['pull', 'raw'];
    for (const side of order) {
      const { rate, cpu } = await run(kase, side === 'raw' ? (u) => rawSide(u, agent) : (u) => pullSide(u, pool));
      results[i][side].push(rate);
      results[i][`${side}Cpu`].push(cpu);
    }
  }
}
await agent.close();
await pool.close();

console.log(
  `[bench] sender: pull vs raw undici.request, ${ROUNDS} interleaved rounds, medians (Node ${process.version}, ${os.cpus().length} cores)`,
);
console.log('| case | raw undici req/s | pull req/s | pull / raw | raw CPU µs/req | pull CPU µs/req |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [i, kase] of CASES.entries()) {
  const raw = median(results[i].raw);
  const pulled = median(results[i].pull);
  const cpu = (side) => median(results[i][`${side}Cpu`]).toFixed(0);
  console.log(
    `| ${kase.name} | ${raw.toFixed(0)} | ${pulled.toFixed(0)} | ${(pulled / raw).toFixed(2)} | ${cpu('raw')} | ${cpu('pull')} |`,
  );
}

// A huge answer through pull: spilled to disk, heap growth and the longest stall of the event loop.
const hugeUrl = `${base}/huge?mb=${HUGE_MB}`;
globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const rssBefore = process.memoryUsage().rss;
let heapPeak = heapBefore;
const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 10);
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const hugeStarted = performance.now();
const huge = await pull({ method: 'GET', url: hugeUrl, headers: [], body: { kind: 'none' } }, { spillDir });
const hugeMs = performance.now() - hugeStarted;
delay.disable();
clearInterval(sampler);
const rssAfter = process.memoryUsage().rss;
if (huge.raw.kind !== 'file' || huge.raw.size !== HUGE_MB * 1024 * 1024) throw new Error('huge: not spilled whole');
fs.rmSync(huge.raw.path);
let curlMs;
try {
  const out = path.join(spillDir, 'curl.out');
  const started = performance.now();
  execFileSync('curl', ['-s', '-o', out, hugeUrl]);
  curlMs = performance.now() - started;
  if (fs.statSync(out).size !== HUGE_MB * 1024 * 1024) throw new Error('curl: short file');
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
console.log('');
console.log(`[bench] a ${HUGE_MB} MB answer through pull (spilled to a file), in the same run as curl -o`);
console.log('| measure | pull | curl -o file |');
console.log('| --- | ---: | ---: |');
console.log(`| time | ${hugeMs.toFixed(0)} ms | ${curlMs === undefined ? 'n/a' : `${curlMs.toFixed(0)} ms`} |`);
console.log(`| heap growth (peak, sampled every 10 ms) | ${((heapPeak - heapBefore) / 1048576).toFixed(1)} MB | |`);
console.log(`| RSS growth | ${((rssAfter - rssBefore) / 1048576).toFixed(1)} MB | |`);
console.log(`| longest event-loop stall | ${(delay.max / 1e6).toFixed(1)} ms | |`);

fs.rmSync(spillDir, { recursive: true, force: true });
server.kill();
