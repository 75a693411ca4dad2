// A header filter over hooks with many headers: what one refresh of the Webhooks view costs.
// Build with `npx tsc -p tsconfig.test.json`, then from the repo root: node out/bench/store/filterBench.js
// 1,000 hooks with 2,400 headers each; the floor is the same pass over the hooks with a method filter,
// which reads no header. Medians of 9 passes, interleaved.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { matchesMeta, parseFilter } from '../../src/core/hooks/query/filter';
import { DurableHookStore } from '../../src/core/store/durable';
import { githubHook } from './indexBench';
import { fixed, median } from './util';

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pushpull-filter-bench-'));
  try {
    const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
    const many: Array<[string, string]> = Array.from({ length: 2400 }, (_, i) => [`X-H-${i}`, `value-${i}`]);
    for (let n = 0; n < 1000; n++) {
      const hook = githubHook(n, Buffer.from('{}'), Date.now() - 1000 + n);
      await store.add({ ...hook, headers: [...hook.headers, ...many] });
    }
    await store.close();
    const reader = await DurableHookStore.openReadOnly(dir);
    const filters = ['method:POST', 'header:x-absent', 'header:x-github-event=pull_request', 'header:x-h-2399=value'];
    const times = new Map<string, number[]>(filters.map((f) => [f, []]));
    for (let pass = 0; pass < 9; pass++) {
      for (const text of filters) {
        const filter = parseFilter(text);
        if (!filter) throw new Error(text);
        const started = performance.now();
        const matched = reader.list().filter((hook) => matchesMeta(filter, hook)).length;
        times.get(text)?.push(performance.now() - started);
        if (matched !== (text === 'header:x-absent' ? 0 : 1000)) throw new Error(`${text} matched ${matched}`);
      }
    }
    await reader.close();
    const floor = median(times.get('method:POST') ?? []);
    console.log('| filter over 1,000 hooks × 2,400 headers | one pass | ÷ floor |');
    console.log('|---|---|---|');
    for (const text of filters) {
      const ms = median(times.get(text) ?? []);
      console.log(
        `| \`${text}\`${text === 'method:POST' ? ' (floor)' : ''} | ${fixed(ms, 2)} ms | ${fixed(ms / floor, 1)} |`,
      );
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
