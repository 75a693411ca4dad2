import * as assert from 'node:assert/strict';
import type { HookMeta } from '../../../../src/core/model/hook';
import { groupHooks } from '../../../../src/core/hooks/query/grouping';
import { hookMeta } from '../../helpers';

function hook(id: number, receivedAt: number, path: string, route?: string): HookMeta {
  const url = { url: path, fullUrl: `http://localhost${path}`, path };
  return hookMeta({
    id: String(id).padStart(8, '0'),
    receivedAt,
    ...url,
    contentType: 'application/json',
    bodySize: 2,
    route,
  });
}

/** Noon of the day `daysAgo` before `now`, local time. */
function noon(now: number, daysAgo: number): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - daysAgo, 12).getTime();
}

describe('Grouping of the Webhooks view', () => {
  const now = new Date(2026, 10, 28, 15, 30).getTime();

  it('groups by route, else by first path segment, ordered by newest hook, with totals and limits', () => {
    const hooks = [
      hook(6, now - 1, '/gh/push', 'github'),
      hook(5, now - 2, '/orders/1'),
      hook(4, now - 3, '/gh/other', 'github'),
      hook(3, now - 4, '/orders/2'),
      hook(2, now - 5, '/'),
      hook(1, now - 6, '/gh/x', 'github'),
    ];
    const groups = groupHooks(hooks, 'route', (key) => (key === 'route:github' ? 2 : 500), now);
    assert.deepEqual(
      groups.map((g) => [g.key, g.label, g.description, g.total, g.shown.map((h) => h.id)]),
      [
        ['route:github', 'github', 'route', 3, ['00000006', '00000004']],
        ['path:/orders', '/orders', 'no route', 2, ['00000005', '00000003']],
        ['path:/', '/', 'no route', 1, ['00000002']],
      ],
    );
  });

  it('groups by local day with Today, Yesterday and dates, also when hooks are not in order', () => {
    const hooks = [
      hook(1, noon(now, 0), '/a'),
      hook(2, noon(now, 3), '/a'),
      hook(3, noon(now, 1), '/a'),
      hook(4, noon(now, 0) - 1000, '/a'),
      hook(5, noon(now, 3) + 1000, '/a'),
    ];
    const groups = groupHooks(hooks, 'day', () => 500, now);
    const threeDaysAgo = new Date(noon(now, 3));
    assert.deepEqual(
      groups.map((g) => [g.label, g.total, g.shown.map((h) => h.id)]),
      [
        ['Today', 2, ['00000001', '00000004']],
        [
          threeDaysAgo.toLocaleDateString(undefined, {
            weekday: 'short',
            year: 'numeric',
            month: 'short',
            day: 'numeric',
          }),
          2,
          ['00000002', '00000005'],
        ],
        ['Yesterday', 1, ['00000003']],
      ],
    );
    assert.equal(groups[0]?.key, `day:2026-11-28`);
  });

  it('splits days at local midnight', () => {
    const midnight = new Date(2026, 10, 28).getTime();
    const groups = groupHooks([hook(2, midnight, '/a'), hook(1, midnight - 1, '/a')], 'day', () => 500, now);
    assert.deepEqual(
      groups.map((g) => [g.label, g.total]),
      [
        ['Today', 1],
        ['Yesterday', 1],
      ],
    );
  });

  it('counts 100,000 hooks over 1,000 days into one group per day', () => {
    const hooks = Array.from({ length: 100_000 }, (_, i) => hook(i, noon(now, Math.floor(i / 100)) - (i % 100), '/a'));
    const groups = groupHooks(hooks, 'day', () => 5, now);
    assert.equal(groups.length, 1000);
    assert.ok(groups.every((g) => g.total === 100 && g.shown.length === 5));
    assert.equal(new Set(groups.map((g) => g.key)).size, 1000);
    assert.equal(groupHooks(hooks, 'none', () => 5, now)[0]?.total, 100_000);
  });
});
