// The Requests view against the Webhooks view, in the same run and by the same method:
// `npx tsc -p tsconfig.test.json && node out/bench/view/historyView.js`.
// 100,000 exchanges and 100,000 hooks over 1,000 days, newest first. What one refresh of each view computes when
// it opens (no filter: grouped by day, the newest 500 of each group kept) and when it is filtered (a method and a
// word of the URL, then grouped). Medians of 15 rounds after 3 warm-ups, the two views interleaved.
import type { HookMeta } from '../../src/core/model/hook';
import type { ExchangeSummary } from '../../src/core/model/history';
import { matchesMeta, parseFilter } from '../../src/core/hooks/query/filter';
import { groupHooks } from '../../src/core/hooks/query/grouping';
import { groupExchanges, matchesExchange, parseHistoryFilter } from '../../src/ui/history/query';

const COUNT = 100_000;
const now = Date.now();
const methods = ['GET', 'POST', 'PUT', 'DELETE'];
const paths = ['/repos/pushpull/issues', '/v1/charges', '/api/chat.postMessage', '/orders/1', '/'];
const hosts = ['api.github.com', 'api.stripe.com', 'slack.com', 'localhost:3000'];

const hooks = Array.from(
  { length: COUNT },
  (_, i) =>
    ({
      id: String(i),
      receivedAt: now - i * 864_000,
      method: methods[i % methods.length],
      path: paths[i % paths.length],
      url: `${paths[i % paths.length]}?n=${i}`,
      headers: [['content-type', 'application/json']],
      flags: [],
      route: undefined,
    }) as unknown as HookMeta,
);
const exchanges: ExchangeSummary[] = Array.from({ length: COUNT }, (_, i) => ({
  id: String(i),
  startedAt: now - i * 864_000,
  source: 'panel',
  method: methods[i % methods.length] as string,
  url: `https://${hosts[i % hosts.length]}${paths[i % paths.length]}?n=${i}`,
  host: hosts[i % hosts.length] as string,
  status: i % 7 === 0 ? 404 : 200,
  totalMs: 12,
  size: 1024,
  contentType: 'application/json',
  pinned: false,
}));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Times each of `runs` by turns, `rounds` times after 3 warm-ups; medians in ms. */
function interleaved(runs: Array<() => unknown>, rounds = 15): number[] {
  const times: number[][] = runs.map(() => []);
  for (let round = -3; round < rounds; round++) {
    runs.forEach((run, i) => {
      const started = process.hrtime.bigint();
      run();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (round >= 0) times[i]?.push(ms);
    });
  }
  return times.map(median);
}

const limit = (): number => 500;
const hookFilter = parseFilter('method:POST path:/v1/charges');
const exchangeFilter = parseHistoryFilter('method:POST charges');
if (!hookFilter || !exchangeFilter) throw new Error('filters did not parse');

const [hooksOpen, exchangesOpen] = interleaved([
  () => groupHooks(hooks, 'day', limit, now),
  () => groupExchanges(exchanges, 'day', limit, now),
]);
const [hooksFiltered, exchangesFiltered] = interleaved([
  () =>
    groupHooks(
      hooks.filter((h) => matchesMeta(hookFilter, h)),
      'day',
      limit,
      now,
    ),
  () =>
    groupExchanges(
      exchanges.filter((e) => matchesExchange(exchangeFilter, e)),
      'day',
      limit,
      now,
    ),
]);
const shownHooks = hooks.filter((h) => matchesMeta(hookFilter, h)).length;
const shownExchanges = exchanges.filter((e) => matchesExchange(exchangeFilter, e)).length;

console.log(
  `| one refresh, 100,000 entries over 1,000 days, by day | Webhooks view (ms) | Requests view (ms) | Requests ÷ Webhooks |`,
);
console.log('| --- | ---: | ---: | ---: |');
const row = (name: string, a: number, b: number): void =>
  console.log(`| ${name} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(b / a).toFixed(2)} |`);
row('opens (no filter)', hooksOpen ?? 0, exchangesOpen ?? 0);
row(
  `filtered (method and path/word: ${shownHooks} hooks, ${shownExchanges} requests shown)`,
  hooksFiltered ?? 0,
  exchangesFiltered ?? 0,
);
