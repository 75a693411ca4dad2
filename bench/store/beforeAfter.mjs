// Compares the durable listener of two checkouts of PushPull, each built (`npm run build && npx tsc -p
// tsconfig.test.json`), in interleaved rounds on this machine, each round with the floor (a durable node:http
// server doing only hash, append with group commit and fdatasync) measured just before it:
//   node bench/store/beforeAfter.mjs BEFORE_DIR AFTER_DIR [rounds=3] [bodyBytes=1024]
// Prints one JSON line per run; PushPull ÷ floor is the figure to compare, CPU µs per request the second.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

const [before, after, rounds = '3', size = '1024'] = process.argv.slice(2);
if (!before || !after) {
  console.error('usage: node bench/store/beforeAfter.mjs BEFORE_DIR AFTER_DIR [rounds] [bodyBytes]');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pushpull-before-after-'));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seen = { before: [], after: [] };
try {
  for (let round = 0; round < Number(rounds); round++) {
    for (const [name, dir] of Object.entries({ before, after })) {
      const { runCase } = require(path.resolve(dir, 'out/bench/store/listenerBench.js'));
      const floor = await runCase('floor', Number(size), 6, 2, work);
      const pushpull = await runCase('pushpull', Number(size), 6, 2, work);
      const run = {
        round,
        name,
        floor: Math.round(floor.reqPerSec),
        pushpull: Math.round(pushpull.reqPerSec),
        ratio: pushpull.reqPerSec / floor.reqPerSec,
        cpuUs: pushpull.cpuUsPerRequest,
        missing: pushpull.missing,
      };
      seen[name].push(run);
      console.log(JSON.stringify(run));
    }
  }
  for (const [name, runs] of Object.entries(seen)) {
    console.log(
      `${name}: PushPull ÷ floor median ${(median(runs.map((r) => r.ratio)) * 100).toFixed(0)}%, ` +
        `CPU per request median ${median(runs.map((r) => r.cpuUs ?? 0)).toFixed(1)} µs, ` +
        `missing ${runs.reduce((sum, r) => sum + (r.missing ?? 0), 0)}`,
    );
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
