// The structural diff of two 10 MB JSON documents against the floor (a plain JSON.parse of both) and against a line
// diff of the pretty-printed texts (jsdiff's diffLines, the `diff` package mocha already brings), in the same run.
// On compiled out/ (`npx tsc -p tsconfig.test.json`):
//   node bench/compare/diffBench.mjs [megabytes=10] [rounds=5]
// Each measurement runs in a fresh node process (inputs read before timing starts): wall time and peak RSS growth
// (resourceUsage().maxRSS over the RSS before). Rounds interleave the modes; medians, as ratios to the parse.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const out = path.resolve(path.dirname(here), '..', '..', 'out');
const require = createRequire(import.meta.url);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (process.argv[2] === '--child') {
  const [, , , mode, leftFile, rightFile] = process.argv;
  const left = fs.readFileSync(leftFile);
  const right = fs.readFileSync(rightFile);
  const { compareStructures } = require(path.join(out, 'src/core/compare/structural.js'));
  const { diffLines } = require('diff');
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const start = performance.now();
  let summary;
  if (mode === 'parse') {
    summary = [JSON.parse(left.toString('utf8')), JSON.parse(right.toString('utf8'))].length;
  } else if (mode === 'diff' || mode === 'diffIgnore') {
    const side = mode === 'diffIgnore' ? { ignore: ['$..updated_at'] } : {};
    const diff = compareStructures(
      { bytes: left, contentType: 'application/json' },
      { bytes: right, contentType: 'application/json' },
      { left: side, right: side, arrayKey: 'id' },
    );
    summary = diff.changed.length + diff.onlyLeft.length + diff.onlyRight.length + diff.typeChanged.length;
  } else {
    const pretty = (bytes) => JSON.stringify(JSON.parse(bytes.toString('utf8')), null, 2);
    const parts = diffLines(pretty(left), pretty(right), { timeout: 300_000 });
    summary = parts ? parts.filter((part) => part.added || part.removed).length : -1;
  }
  const ms = performance.now() - start;
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ ms, peakMb: (peak - before) / 1024 / 1024, summary }));
  process.exit(0);
}

const [mbArg = '10', roundsArg = '5'] = process.argv.slice(2);
const TARGET = Number(mbArg) * 1024 * 1024;
const ROUNDS = Number(roundsArg);

/** Orders as a shop's API lists them: ids, a customer, line items with ids, amounts, states, timestamps. */
function orders() {
  const list = [];
  let size = 2;
  for (let id = 1; size < TARGET; id++) {
    const order = {
      id,
      number: `SO-${100000 + id}`,
      status: ['pending', 'paid', 'shipped'][id % 3],
      currency: 'EUR',
      total: (id % 997) * 1.25,
      customer: {
        id: 5000 + (id % 1500),
        email: `customer${id % 1500}@example.com`,
        tags: ['vip', 'b2b'].slice(id % 3),
      },
      items: Array.from({ length: 1 + (id % 4) }, (_, i) => ({
        id: id * 10 + i,
        sku: `SKU-${(id * 7 + i) % 9000}`,
        qty: 1 + (i % 3),
        price: 9.99 + i,
      })),
      created_at: `2026-11-${String(1 + (id % 28)).padStart(2, '0')}T10:00:00Z`,
      updated_at: `2026-12-01T10:00:${String(id % 60).padStart(2, '0')}Z`,
    };
    size += JSON.stringify(order).length + 1;
    list.push(order);
  }
  return list;
}

/** The same orders a little later: 1% changed (a state, a price, an id as a string, an item gone), a few new. */
function later(list) {
  const copy = JSON.parse(JSON.stringify(list));
  for (let i = 0; i < copy.length; i += 100) {
    const order = copy[i];
    order.updated_at = '2026-12-07T22:00:00Z';
    if (i % 300 === 0) order.status = 'refunded';
    else if (i % 300 === 100) order.items[0].price += 1;
    else order.customer.id = String(order.customer.id);
    if (order.items.length > 1 && i % 700 === 0) order.items.pop();
  }
  copy.splice(copy.length - 5, 5);
  for (let n = 0; n < 5; n++) copy.push({ ...copy[n], id: copy.length + 1000 + n });
  return { orders: copy };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pushpull-diffbench-'));
try {
  const list = orders();
  const leftFile = path.join(dir, 'left.json');
  const rightFile = path.join(dir, 'right.json');
  fs.writeFileSync(leftFile, JSON.stringify({ orders: list }));
  fs.writeFileSync(rightFile, JSON.stringify(later(list)));
  const sizes = [leftFile, rightFile].map((file) => (fs.statSync(file).size / 1024 / 1024).toFixed(1));
  console.log(`two documents of ${sizes.join(' and ')} MB, ${list.length} orders each; ${ROUNDS} rounds`);
  const modes = ['parse', 'diff', 'diffIgnore', 'lineDiff'];
  const results = Object.fromEntries(modes.map((mode) => [mode, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of round % 2 === 0 ? modes : [...modes].reverse()) {
      const child = spawnSync(process.execPath, ['--expose-gc', here, '--child', mode, leftFile, rightFile], {
        encoding: 'utf8',
        maxBuffer: 1024 * 1024,
      });
      if (child.status !== 0) throw new Error(`${mode}: ${child.stderr}`);
      results[mode].push(JSON.parse(child.stdout));
    }
  }
  const floor = median(results.parse.map((r) => r.ms));
  for (const mode of modes) {
    const ms = median(results[mode].map((r) => r.ms));
    const peak = median(results[mode].map((r) => r.peakMb));
    console.log(
      `${mode.padEnd(10)} ${ms.toFixed(0).padStart(7)} ms  ${(ms / floor).toFixed(2).padStart(6)}x parse  peak +${peak.toFixed(0)} MB  (${results[mode][0].summary} differences/parts)`,
    );
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
