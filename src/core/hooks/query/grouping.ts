import type { HookMeta } from '../../model/hook';

export type GroupBy = 'route' | 'day' | 'none';

export interface HookGroup {
  readonly key: string;
  readonly label: string;
  readonly description?: string;
  /** Hooks in the group, of which `shown` are the newest up to the group's limit. */
  readonly total: number;
  readonly shown: HookMeta[];
}

interface GroupId {
  readonly key: string;
  readonly label: string;
  readonly description?: string;
}

const ALL: GroupId = { key: 'all', label: 'All hooks' };

/**
 * Group key and label of hooks, one call per hook. Each distinct group is worked out once: a store of
 * 100,000 hooks is regrouped on every refresh, and a day's label (a locale date) is slow to make.
 * Hooks outside any route are grouped by their first path segment.
 */
function grouper(by: GroupBy, now: number): (hook: HookMeta) => GroupId {
  if (by === 'none') return () => ALL;
  if (by === 'day') return dayGrouper(now);
  const byRoute = new Map<string, GroupId>();
  const byPath = new Map<string, GroupId>();
  return (hook) => {
    if (hook.route) {
      let id = byRoute.get(hook.route);
      if (!id) {
        id = { key: `route:${hook.route}`, label: hook.route, description: 'route' };
        byRoute.set(hook.route, id);
      }
      return id;
    }
    let id = byPath.get(hook.path);
    if (!id) {
      const segment = hook.path.split('/')[1] ?? '';
      id = { key: `path:/${segment}`, label: `/${segment}`, description: 'no route' };
      byPath.set(hook.path, id);
    }
    return id;
  };
}

/** Local days; hooks come newest first, so the previous hook's day is usually the answer. */
function dayGrouper(now: number): (hook: HookMeta) => GroupId {
  const today = new Date(now);
  const known = new Map<number, GroupId>();
  let from = 0;
  let to = -1;
  let last: GroupId = ALL;
  return (hook) => {
    const at = hook.receivedAt;
    if (at >= from && at < to) return last;
    const day = new Date(at);
    const start = new Date(day.getFullYear(), day.getMonth(), day.getDate());
    from = start.getTime();
    to = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1).getTime();
    let id = known.get(from);
    if (!id) {
      id = { key: `day:${day.getFullYear()}-${day.getMonth() + 1}-${day.getDate()}`, label: dayLabel(day, today) };
      known.set(from, id);
    }
    last = id;
    return id;
  };
}

function dayLabel(day: Date, today: Date): string {
  const start = (d: Date): number => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((start(today) - start(day)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  // One formatter for all labels: `toLocaleDateString` makes a new one on every call.
  dateFormat ??= new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
  return dateFormat.format(day);
}

let dateFormat: Intl.DateTimeFormat | undefined;

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
  const groupOf = grouper(by, now);
  for (const hook of newestFirst) {
    const id = groupOf(hook);
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
