// CPU per `DurableHookStore.add` of a 1 KB hook in two built checkouts, interleaved rounds, in this process:
//   node bench/store/addBeforeAfter.mjs BEFORE_DIR AFTER_DIR [rounds=3]
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';

const [before, after, rounds = '3'] = process.argv.slice(2);
if (!before || !after) {
  console.error('usage: node bench/store/addBeforeAfter.mjs BEFORE_DIR AFTER_DIR [rounds]');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const ADDS = 40_000;
const body = Buffer.from(JSON.stringify({ pad: 'x'.repeat(1012) }));
const hook = (i) => ({
  id: `${String(i).padStart(14, '0')}-000000`,
  receivedAt: Date.now(),
  method: 'POST',
  url: '/github/push',
  fullUrl: 'http://127.0.0.1:1/github/push',
  path: '/github/push',
  query: [],
  headers: [
    ['host', '127.0.0.1:1'],
    ['content-type', 'application/json'],
    ['x-github-event', 'push'],
    ['content-length', String(body.length)],
  ],
  httpVersion: '1.1',
  remoteAddress: '127.0.0.1',
  size: body.length,
  sha256: 'a'.repeat(64),
  contentType: 'application/json',
  flags: [],
  event: 'push',
  bodyMs: 0,
  answerStatus: 200,
  verdict: { status: 'not-signed' },
  body,
});
for (let round = 0; round < Number(rounds); round++) {
  for (const [name, dir] of Object.entries({ before, after })) {
    const { DurableHookStore } = require(path.resolve(dir, 'out/src/core/store/durable/index.js'));
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pushpull-add-'));
    const store = await DurableHookStore.open(folder, {});
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < ADDS; i += 100) {
      const adds = [];
      for (let j = 0; j < 100; j++) adds.push(store.add(hook(i + j)));
      await Promise.all(adds);
    }
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    await store.close();
    fs.rmSync(folder, { recursive: true, force: true });
    const cpuUsPerAdd = (used.user + used.system) / ADDS;
    console.log(JSON.stringify({ round, name, ms: Math.round(ms), cpuUsPerAdd: Number(cpuUsPerAdd.toFixed(1)) }));
  }
}
