// The request history against the hook store, 100,000 of each, in the same run on this machine. On compiled out/
// (`npx tsc -p tsconfig.test.json`):
//   node bench/history/historyBench.mjs [count=100000] [rounds=3]
// Fills a history with `count` exchanges (1 KB JSON answers, kept in their records) and a hook store with `count`
// GitHub-like hooks of 1 KB (bench/store's), then opens each `rounds` times in a fresh `node --expose-gc` process:
// open time, heap growth after GC per item, list(), newest(200) and a URL filter over all. Medians.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '..', '..', 'out');
const require = createRequire(import.meta.url);
const [countArg = '100000', roundsArg = '3'] = process.argv.slice(2);
const COUNT = Number(countArg);
const ROUNDS = Number(roundsArg);
const { HistoryStore } = require(path.join(out, 'src/core/store/history/index.js'));
const { fillStore } = require(path.join(out, 'bench/store/indexBench.js'));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** An exchange as the sender makes it for a GET of a JSON API: 9 request and 12 answer headers, 1 KB body. */
function apiExchange(i, body) {
  const url = `https://api.github.com/repos/octo/hello/items/${i}?per_page=50&page=${i % 7}`;
  return {
    id: `bench-${i.toString().padStart(8, '0')}`,
    startedAt: 1_700_000_000_000 + i,
    source: 'panel',
    request: {
      method: i % 5 === 0 ? 'POST' : 'GET',
      url,
      headers: [
        ['User-Agent', 'PushPull/0.1.0'],
        ['Accept', 'application/vnd.github+json'],
        ['Authorization', 'Bearer ghp_0123456789abcdef0123456789abcdef0123'],
        ['X-GitHub-Api-Version', '2022-11-28'],
      ],
      body: { kind: 'none' },
    },
    response: {
      url,
      status: i % 13 === 0 ? 404 : 200,
      statusText: 'OK',
      httpVersion: '1.1',
      headers: [
        ['content-type', 'application/json; charset=utf-8'],
        ['date', 'Mon, 07 Dec 2026 17:00:00 GMT'],
        ['etag', `W/"${i.toString(16).padStart(40, '0')}"`],
        ['x-ratelimit-limit', '5000'],
        ['x-ratelimit-remaining', String(4999 - (i % 5000))],
        ['x-ratelimit-reset', '1765126800'],
        ['x-github-request-id', `ABCD:1234:${i.toString(16)}:5678:6756A0B0`],
        ['cache-control', 'private, max-age=60, s-maxage=60'],
        ['vary', 'Accept, Authorization, Cookie, X-GitHub-OTP'],
        ['x-content-type-options', 'nosniff'],
        ['content-length', String(body.length)],
        ['server', 'github.com'],
      ],
      raw: { kind: 'memory', bytes: body },
      decoded: { kind: 'memory', bytes: body },
      truncated: false,
      timings: {
        dns: 1.2,
        connect: 8.4,
        tls: 21.3,
        firstByte: 120.5,
        download: 0.8,
        total: 152.2,
        reusedConnection: false,
      },
      redirects: [],
    },
  };
}

async function fillHistory(dir) {
  const store = await HistoryStore.open(dir, { limits: { maxExchanges: 0, maxBytes: 0 } });
  const body = Buffer.from(JSON.stringify({ id: 1, pad: 'x'.repeat(1000) }));
  // The same response object for raw and decoded: not encoded.
  for (let i = 0; i < COUNT; i += 1000) {
    const wave = [];
    for (let j = i; j < Math.min(COUNT, i + 1000); j++) {
      const exchange = apiExchange(j, body);
      wave.push(store.add({ ...exchange, response: { ...exchange.response, decoded: exchange.response.raw } }));
    }
    await Promise.all(wave);
  }
  await store.dispose();
}

function load(kind, dir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', path.join(here, 'historyLoad.mjs'), out, kind, dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.on('exit', (code) => {
      const match = /^RESULT (.*)$/m.exec(text);
      if (code !== 0 || !match) reject(new Error(`${kind} load exited with ${code}`));
      else resolve(JSON.parse(match[1]));
    });
  });
}

function du(dir) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pushpull-history-bench-'));
try {
  const historyDir = path.join(work, 'history');
  const hooksDir = path.join(work, 'hooks');
  let t = performance.now();
  let cpu = process.cpuUsage();
  await fillHistory(historyDir);
  const historyFill = { ms: performance.now() - t, cpu: process.cpuUsage(cpu) };
  t = performance.now();
  cpu = process.cpuUsage();
  await fillStore(hooksDir, COUNT, 1024);
  const hooksFill = { ms: performance.now() - t, cpu: process.cpuUsage(cpu) };
  const runs = { history: [], hooks: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [kind, dir] of [
      ['history', historyDir],
      ['hooks', hooksDir],
    ]) {
      const result = await load(kind, dir);
      console.log(JSON.stringify({ round, ...result }));
      runs[kind].push(result);
    }
  }
  const row = (kind, fill, dir) => {
    const pick = (key) => median(runs[kind].map((r) => r[key]));
    const cpuUs = (fill.cpu.user + fill.cpu.system) / COUNT;
    return (
      `| ${kind.padEnd(7)} | ${COUNT.toLocaleString('en-US')} | ${(du(dir) / 1e6).toFixed(0)} MB | ` +
      `${Math.round(fill.ms).toLocaleString('en-US')} ms (${cpuUs.toFixed(0)} µs CPU each) | ` +
      `${Math.round(pick('openMs'))} ms | ${pick('heapMB').toFixed(1)} MB (${Math.round(pick('heapBytesPerItem'))} B each) | ` +
      `${pick('listMs').toFixed(1)} ms | ${pick('newestMs').toFixed(2)} ms | ${pick('filterMs').toFixed(1)} ms |`
    );
  };
  console.log('');
  console.log(
    '| store   | items | on disk | add all (waves of 1,000) | open | heap after open | list() | newest(200) | URL filter |',
  );
  console.log(
    '| ------- | ----: | ------: | -----------------------: | ---: | --------------: | -----: | ----------: | ---------: |',
  );
  console.log(row('history', historyFill, historyDir));
  console.log(row('hooks', hooksFill, hooksDir));
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
