import type { HookMeta } from './capture';

export type GroupBy = 'route' | 'day' | 'none';

export interface HookGroup {
  readonly key: string;
  readonly label: string;
  readonly description?: string;
  /** Hooks in the group, of which `shown` are the newest up to the group's limit. */
  readonly total: number;
  readonly shown: HookMeta[];
}

/** Group key and label of one hook. Hooks outside any route are grouped by their first path segment. */
export function groupOf(
  hook: HookMeta,
  by: GroupBy,
  now: number,
): { key: string; label: string; description?: string } {
  if (by === 'none') return { key: 'all', label: 'All hooks' };
  if (by === 'day') {
    const day = new Date(hook.receivedAt);
    const key = `day:${day.getFullYear()}-${day.getMonth() + 1}-${day.getDate()}`;
    return { key, label: dayLabel(day, new Date(now)) };
  }
  if (hook.route) return { key: `route:${hook.route}`, label: hook.route, description: 'route' };
  const segment = hook.path.split('/')[1] ?? '';
  return { key: `path:/${segment}`, label: `/${segment}`, description: 'no route' };
}

function dayLabel(day: Date, today: Date): string {
  const start = (d: Date): number => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((start(today) - start(day)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return day.toLocaleDateString(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
}

/**
 * Groups hooks (given newest first) keeping at most `limitOf(key)` per group, in one pass.
 * Groups are ordered by their newest hook.
 */
export function groupHooks(
  newestFirst: Iterable<HookMeta>,
  by: GroupBy,
  limitOf: (key: string) => number,
  now: number,
): HookGroup[] {
  const groups = new Map<
    string,
    { key: string; label: string; description?: string; total: number; shown: HookMeta[] }
  >();
  for (const hook of newestFirst) {
    const id = groupOf(hook, by, now);
    let group = groups.get(id.key);
    if (!group) {
      group = { ...id, total: 0, shown: [] };
      groups.set(id.key, group);
    }
    group.total++;
    if (group.shown.length < limitOf(id.key)) group.shown.push(hook);
  }
  return [...groups.values()];
}
