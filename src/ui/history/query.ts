import type { ExchangeSummary } from '../../core/model/history';

/** A filter of the Requests view: every term must hold. Plain words are looked for in the URL. */
export interface HistoryFilter {
  readonly text: string;
  readonly methods?: ReadonlySet<string>;
  /** Status classes (4 for 4xx) or exact statuses. */
  readonly status?: { readonly classes: ReadonlySet<number>; readonly exact: ReadonlySet<number> };
  readonly hosts: readonly string[];
  readonly words: readonly string[];
  /** Set when no exchange can ever match (two different methods, exclusive statuses): the view says so. */
  readonly impossible?: string;
}

/** A filter the user wrote that cannot be read; the message says what to write instead. */
export class HistoryFilterError extends Error {}

const STATUS = /^(?:([1-5])xx|([1-5]\d\d))$/i;

/** Reads `method:POST status:4xx host:api.github.com words`; undefined for an empty filter. */
export function parseHistoryFilter(text: string): HistoryFilter | undefined {
  const terms = text.trim().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return undefined;
  let methods: Set<string> | undefined;
  const statuses: Array<{ classes: Set<number>; exact: Set<number> }> = [];
  const hosts: string[] = [];
  const words: string[] = [];
  for (const term of terms) {
    const colon = term.indexOf(':');
    const key = colon > 0 ? term.slice(0, colon).toLowerCase() : '';
    const value = term.slice(colon + 1);
    if (key === 'method') {
      const these = new Set(
        value
          .split(',')
          .filter(Boolean)
          .map((m) => m.toUpperCase()),
      );
      if (these.size === 0) throw new HistoryFilterError('method: needs a method, e.g. method:POST or method:GET,PUT.');
      methods = methods ? new Set([...methods].filter((m) => these.has(m))) : these;
    } else if (key === 'status') {
      const classes = new Set<number>();
      const exact = new Set<number>();
      for (const part of value.split(',').filter(Boolean)) {
        const match = STATUS.exec(part);
        if (!match) {
          throw new HistoryFilterError(
            `status:${part} is not a status: write a class such as status:4xx or a code such as status:404.`,
          );
        }
        if (match[1]) classes.add(Number(match[1]));
        else exact.add(Number(match[2]));
      }
      if (classes.size + exact.size === 0) throw new HistoryFilterError('status: needs a value, e.g. status:4xx.');
      statuses.push({ classes, exact });
    } else if (key === 'host') {
      if (value === '') throw new HistoryFilterError('host: needs a host name, e.g. host:api.github.com.');
      hosts.push(value.toLowerCase());
    } else {
      words.push(term.toLowerCase());
    }
  }
  const status = statuses.reduce<{ classes: Set<number>; exact: Set<number> } | undefined>(
    (all, next) => (all ? intersect(all, next) : next),
    undefined,
  );
  let impossible: string | undefined;
  if (methods?.size === 0) impossible = 'the method: terms name no method in common';
  else if (status && status.classes.size + status.exact.size === 0) impossible = 'the status: terms exclude each other';
  return {
    text: text.trim(),
    ...(methods ? { methods } : {}),
    ...(status ? { status } : {}),
    hosts,
    words,
    ...(impossible ? { impossible } : {}),
  };
}

/** Statuses both sets let through. */
function intersect(
  a: { classes: Set<number>; exact: Set<number> },
  b: { classes: Set<number>; exact: Set<number> },
): { classes: Set<number>; exact: Set<number> } {
  const classes = new Set([...a.classes].filter((c) => b.classes.has(c)));
  const exact = new Set([
    ...[...a.exact].filter((s) => b.exact.has(s) || b.classes.has(Math.floor(s / 100))),
    ...[...b.exact].filter((s) => a.classes.has(Math.floor(s / 100))),
  ]);
  return { classes, exact };
}

export function matchesExchange(filter: HistoryFilter, exchange: ExchangeSummary): boolean {
  if (filter.impossible) return false;
  if (filter.methods && !filter.methods.has(exchange.method.toUpperCase())) return false;
  const status = filter.status;
  if (status && !status.exact.has(exchange.status) && !status.classes.has(Math.floor(exchange.status / 100))) {
    return false;
  }
  if (filter.hosts.length > 0) {
    const host = exchange.host.toLowerCase();
    if (!filter.hosts.every((h) => host.includes(h))) return false;
  }
  if (filter.words.length > 0) {
    const url = exchange.url.toLowerCase();
    if (!filter.words.every((w) => url.includes(w))) return false;
  }
  return true;
}

export interface ExchangeGroup {
  readonly key: string;
  readonly label: string;
  readonly total: number;
  /** The newest of the group, up to its limit. */
  readonly shown: ExchangeSummary[];
}

/** Groups exchanges (given newest first) by local day or host in one pass, at most `limitOf(key)` kept each. */
export function groupExchanges(
  newestFirst: Iterable<ExchangeSummary>,
  by: 'day' | 'host',
  limitOf: (key: string) => number,
  now: number,
): ExchangeGroup[] {
  const groups = new Map<string, { key: string; label: string; total: number; shown: ExchangeSummary[] }>();
  const groupOf = by === 'day' ? dayGrouper(now) : hostGrouper();
  for (const exchange of newestFirst) {
    const id = groupOf(exchange);
    let group = groups.get(id.key);
    if (!group) {
      group = { key: id.key, label: id.label, total: 0, shown: [] };
      groups.set(id.key, group);
    }
    group.total++;
    if (group.shown.length < limitOf(id.key)) group.shown.push(exchange);
  }
  return [...groups.values()];
}

interface GroupId {
  readonly key: string;
  readonly label: string;
}

function hostGrouper(): (exchange: ExchangeSummary) => GroupId {
  const known = new Map<string, GroupId>();
  return (exchange) => {
    let id = known.get(exchange.host);
    if (!id) {
      id = { key: `host:${exchange.host}`, label: exchange.host || '(no host)' };
      known.set(exchange.host, id);
    }
    return id;
  };
}

/** Local days; exchanges come newest first, so the previous one's day is usually the answer. */
function dayGrouper(now: number): (exchange: ExchangeSummary) => GroupId {
  const known = new Map<number, GroupId>();
  const today = startOfDay(new Date(now)).getTime();
  let from = 0;
  let to = -1;
  let last: GroupId = { key: '', label: '' };
  const format = new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
  return (exchange) => {
    const at = exchange.startedAt;
    if (at >= from && at < to) return last;
    const day = startOfDay(new Date(at));
    from = day.getTime();
    to = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1).getTime();
    let id = known.get(from);
    if (!id) {
      const days = Math.round((today - from) / 86_400_000);
      const label = days === 0 ? 'Today' : days === 1 ? 'Yesterday' : format.format(day);
      id = { key: `day:${day.getFullYear()}-${day.getMonth() + 1}-${day.getDate()}`, label };
      known.set(from, id);
    }
    last = id;
    return id;
  };
}

function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}
