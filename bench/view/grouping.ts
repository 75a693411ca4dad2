// Regrouping the Webhooks view: `npx tsc -p tsconfig.test.json && node out/bench/view/grouping.js`.
// 100,000 hooks received over 1,000 days, newest first, grouped as each refresh of the view does, against
// a baseline in the same run: one pass over the same hooks that only reads what grouping reads.
import type { HookMeta } from '../../src/core/model/hook';
import { type GroupBy, groupHooks } from '../../src/core/hooks/query/grouping';

const COUNT = 100_000;
const now = Date.now();
const paths = ['/github/webhook', '/stripe/events', '/slack/commands', '/orders/1', '/'];
const hooks = Array.from(
  { length: COUNT },
  (_, i) =>
    ({
      id: String(i),
      receivedAt: now - i * 864_000,
      path: paths[i % paths.length],
      route: i % 3 === 0 ? 'github' : undefined,
    }) as unknown as HookMeta,
);

function time(run: () => unknown, rounds = 10): number {
  for (let i = 0; i < 3; i++) run();
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) run();
  return Number(process.hrtime.bigint() - started) / rounds / 1e6;
}

const baseline = time(() => {
  let sum = 0;
  for (const hook of hooks) sum += hook.receivedAt + hook.path.length + (hook.route ? 1 : 0);
  return sum;
});
console.log(`| grouping of ${COUNT.toLocaleString('en-US')} hooks over 1,000 days | ms per refresh | × baseline |`);
console.log('| --- | ---: | ---: |');
console.log(`| baseline: one pass reading receivedAt, path, route | ${baseline.toFixed(2)} | 1 |`);
for (const by of ['route', 'day', 'none'] as GroupBy[]) {
  const ms = time(() => groupHooks(hooks, by, () => 500, now));
  console.log(`| by ${by} | ${ms.toFixed(2)} | ${(ms / baseline).toFixed(1)} |`);
}
