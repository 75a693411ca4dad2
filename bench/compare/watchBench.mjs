// What 50 watches polling every second cost the process they run in (the extension host), beside the same process
// idle, in the same run. On compiled out/ (`npx tsc -p tsconfig.test.json`):
//   node bench/compare/watchBench.mjs [seconds=30] [watches=50] [--no-history]
// With --no-history the polls are not written to the history (a diagnostic: what sending and judging cost alone).
// A local server in its own process serves 50 JSON resources (2 KB) with ETags; each changes every 10 s, so most
// polls are 304s and one in ten brings a new body. This process opens a request history in a temp folder and runs
// the watches through the real sender and history for `seconds`; it prints its CPU time (user + system) ÷ wall
// time for the idle baseline (history open, no watches) and for the watches, and their difference.
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '..', '..', 'out');
const require = createRequire(import.meta.url);

if (process.argv[2] === '--server') {
  const http = await import('node:http');
  const start = Date.now();
  const filler = 'x'.repeat(1900);
  const server = http.createServer((req, res) => {
    const id = Number(/\/items\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
    const version = Math.floor((Date.now() - start + id * 200) / 10_000);
    const etag = `"${id}-${version}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { ETag: etag }).end();
    const body = JSON.stringify({ id, version, updated_at: new Date().toISOString(), filler });
    res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag }).end(body);
  });
  server.listen(0, '127.0.0.1', () => process.send?.(server.address().port));
  process.on('disconnect', () => process.exit(0));
} else {
  const seconds = Number(process.argv[2] ?? 30);
  const count = Number(process.argv[3] ?? 50);
  const keep = !process.argv.includes('--no-history');
  const { HistoryStore } = require(path.join(out, 'src/core/store/history/index.js'));
  const { Watches } = require(path.join(out, 'src/core/compare/watches.js'));
  const { pull } = require(path.join(out, 'src/core/http/pull.js'));
  const { ConnectionPool } = require(path.join(out, 'src/core/http/pool.js'));
  const { systemClock, systemTimers, silentLogger } = require(path.join(out, 'src/core/clock.js'));

  const server = fork(fileURLToPath(import.meta.url), ['--server'], { stdio: 'inherit' });
  const port = await new Promise((resolve) => server.once('message', resolve));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pushpull-watch-bench-'));
  const history = await HistoryStore.open(path.join(dir, 'history'), {
    limits: { maxExchanges: 100_000, maxBytes: 1e9 },
  });

  const measure = async (ms) => {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    await sleep(ms);
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000 / (performance.now() - wall);
  };

  const idle = await measure(seconds * 1000);
  const pool = new ConnectionPool();
  let polls = 0;
  const watches = await Watches.open({
    file: path.join(dir, 'watches.json'),
    logger: silentLogger,
    timers: systemTimers,
    clock: systemClock,
    sender: () => pull,
    options: () => ({ spillDir: path.join(dir, 'history', 'spill'), pool }),
    record: keep
      ? (exchange, options) => history.add(exchange, options)
      : async (exchange) => {
          for (const body of [exchange.response.raw, exchange.response.decoded]) {
            if (body.kind === 'file') fs.rmSync(body.path, { force: true });
          }
          return { id: exchange.id };
        },
  });
  watches.onDidChange(() => polls++);
  for (let i = 0; i < count; i++) {
    watches.add(`item ${i}`, { method: 'GET', url: `http://127.0.0.1:${port}/items/${i}`, headers: [] }, 1000);
  }
  const busy = await measure(seconds * 1000);
  const states = watches.list().map((w) => w.state);
  await watches.dispose();
  await pool.close();
  await history.dispose();
  server.disconnect();
  fs.rmSync(dir, { recursive: true, force: true });

  const answered = states.reduce((sum, s) => sum + s.polls, 0);
  const unchanged = states.reduce((sum, s) => sum + s.pollsWithoutChange, 0);
  const pct = (x) => `${(x * 100).toFixed(2)}%`;
  console.log(
    `${count} watches every 1 s for ${seconds} s on Node ${process.version}, ${os.cpus().length} cores${keep ? '' : ', polls not kept'}`,
  );
  console.log(`polls answered: ${answered} (${unchanged} without change), events: ${polls}`);
  console.log(`idle baseline: ${pct(idle)} of a core`);
  console.log(`watching:      ${pct(busy)} of a core`);
  console.log(`cost of the watches: ${pct(busy - idle)} of a core (target under 2%)`);
}
