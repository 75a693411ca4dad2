import { PushPullError } from '../../errors';
import { headerValues } from '../../model/headers';
import type { HookMeta } from '../../model/hook';

/** What the Webhooks view shows: every condition given must hold. */
export interface HookFilter {
  /** As the user typed it. */
  readonly text: string;
  readonly methods: readonly string[];
  /** Substrings of the path, case-insensitive; each must be in it. */
  readonly paths: readonly string[];
  /** Headers the hook must have (each one), by name, with a value containing `value` when given. */
  readonly headers: ReadonlyArray<{ readonly name: string; readonly value?: string }>;
  /** Substring of the body text, case-insensitive (needs the body). */
  readonly body?: string;
  /** Events the hook must name one of (lower case): `push`, or a family such as `pull_request` (`pull_request.opened`). */
  readonly events?: readonly string[];
  /** Signature verdicts or answer statuses (`200`, `4xx`) the hook must have one of. */
  readonly statuses?: readonly string[];
}

/** The signature verdicts `status:` takes. */
export const VERDICT_STATUSES: readonly string[] = ['valid', 'invalid', 'no-secret', 'not-signed'];

export class FilterSyntaxError extends PushPullError {
  constructor(message: string) {
    super('INVALID_FILTER', message);
  }
}

/** Splits on spaces, keeping "quoted phrases" together, also after a prefix (`header:x-event="issue hook"`). */
function tokens(input: string): string[] {
  return [...input.matchAll(/(\S*?)"([^"]*)"|\S+/g)].map((m) => (m[2] !== undefined ? `${m[1] ?? ''}${m[2]}` : m[0]));
}

/**
 * Parses `method:POST path:/github header:x-github-event=push some body text`.
 * Several `method:` terms (or `method:GET,POST`) mean any of them; words without a prefix search the body.
 */
export function parseFilter(input: string): HookFilter | undefined {
  const text = input.trim();
  if (text === '') return undefined;
  const methods: string[] = [];
  const words: string[] = [];
  const paths: string[] = [];
  const headers: Array<HookFilter['headers'][number]> = [];
  const events: string[] = [];
  const statuses: string[] = [];
  for (const token of tokens(text)) {
    const colon = token.indexOf(':');
    const key = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    const value = colon > 0 ? token.slice(colon + 1) : token;
    if (key === 'method') {
      if (!/^[A-Za-z,]+$/.test(value))
        throw new FilterSyntaxError(`"${token}": method: takes names such as POST or GET,POST.`);
      methods.push(...value.toUpperCase().split(',').filter(Boolean));
    } else if (key === 'path') {
      if (value === '') throw new FilterSyntaxError('path: needs some text, such as path:/github.');
      paths.push(value.toLowerCase());
    } else if (key === 'header') {
      const eq = value.indexOf('=');
      const name = (eq < 0 ? value : value.slice(0, eq)).toLowerCase();
      if (name === '')
        throw new FilterSyntaxError(
          'header: needs a name, such as header:x-github-event or header:x-github-event=push.',
        );
      headers.push(eq < 0 ? { name } : { name, value: value.slice(eq + 1).toLowerCase() });
    } else if (key === 'event') {
      if (value === '')
        throw new FilterSyntaxError('event: needs an event, such as event:push or event:charge.succeeded.');
      events.push(...value.toLowerCase().split(',').filter(Boolean));
    } else if (key === 'status') {
      for (const status of value.toLowerCase().split(',').filter(Boolean)) {
        if (!VERDICT_STATUSES.includes(status) && !/^[1-5](\d\d|xx)$/.test(status)) {
          throw new FilterSyntaxError(
            `"${token}": status: takes a signature verdict (${VERDICT_STATUSES.join(', ')}) or the status PushPull answered (200, 4xx).`,
          );
        }
        statuses.push(status);
      }
      if (statuses.length === 0)
        throw new FilterSyntaxError('status: needs a value, such as status:invalid or status:200.');
    } else if (key === 'body') {
      words.push(value);
    } else {
      words.push(token);
    }
  }
  const body = words.join(' ').toLowerCase();
  return {
    text,
    methods,
    paths,
    headers,
    ...(body ? { body } : {}),
    ...(events.length > 0 ? { events } : {}),
    ...(statuses.length > 0 ? { statuses } : {}),
  };
}

/** The conditions that metadata alone can answer. */
export function matchesMeta(filter: HookFilter, hook: HookMeta): boolean {
  if (filter.methods.length > 0 && !filter.methods.includes(hook.method.toUpperCase())) return false;
  if (filter.paths.length > 0) {
    const path = hook.path.toLowerCase();
    if (!filter.paths.every((part) => path.includes(part))) return false;
  }
  if (filter.events && !filter.events.some((event) => eventMatches(hook.event, event))) return false;
  if (filter.statuses && !filter.statuses.some((status) => statusMatches(hook, status))) return false;
  if (filter.headers.length === 0) return true;
  return filter.headers.every((wanted) =>
    valuesNamed(hook, wanted.name).some((v) => wanted.value === undefined || v.toLowerCase().includes(wanted.value)),
  );
}

/** `event:push` names `push`; `event:pull_request` names `pull_request` and `pull_request.opened`. */
function eventMatches(event: string | undefined, wanted: string): boolean {
  const named = event?.toLowerCase();
  return named !== undefined && (named === wanted || named.startsWith(`${wanted}.`));
}

function statusMatches(hook: Pick<HookMeta, 'verdict' | 'answerStatus'>, wanted: string): boolean {
  if (VERDICT_STATUSES.includes(wanted)) return (hook.verdict?.status ?? 'not-signed') === wanted;
  const answered = String(hook.answerStatus);
  return wanted.endsWith('xx') ? answered[0] === wanted[0] : answered === wanted;
}

/**
 * When the filter's `event:` terms name no event any of `hooks` has, the events they do have (sorted, at most
 * `limit`); undefined when the filter has no `event:` term or one of them matches a hook.
 */
export function unknownEvents(
  filter: HookFilter,
  hooks: Iterable<Pick<HookMeta, 'event'>>,
  limit = 20,
): string[] | undefined {
  const wanted = filter.events;
  if (!wanted) return undefined;
  const known = new Set<string>();
  for (const hook of hooks) {
    if (hook.event === undefined) continue;
    if (wanted.some((event) => eventMatches(hook.event, event))) return undefined;
    known.add(hook.event);
  }
  return [...known].sort().slice(0, limit);
}

/** A hook's metadata that finds headers by name without decoding all of them (the durable store's). */
interface IndexedHeaders {
  headerValues(lowerName: string): string[];
}

/** Values of the headers named `lowerName`: through the store's name index where it has one. */
function valuesNamed(hook: HookMeta, lowerName: string): string[] {
  const indexed = hook as Partial<IndexedHeaders>;
  if (typeof indexed.headerValues === 'function') return indexed.headerValues(lowerName);
  return headerValues(hook, lowerName);
}

/** The body condition; `body` is decoded leniently, so binary bodies match only on their text parts. */
export function matchesBody(filter: HookFilter, body: Uint8Array): boolean {
  return filter.body === undefined || bodyContains(body, filter.body);
}

/** Bytes of a body decoded and lower-cased at a time while searching it. */
const SEARCH_CHUNK_BYTES = 1024 * 1024;

/**
 * Whether the body, decoded as UTF-8 (leniently) and lower-cased, contains `lowerText` (lower-case). The whole body
 * is searched, `chunkBytes` at a time, so a large body never becomes one big string, nor one big lower-case copy.
 */
export function bodyContains(body: Uint8Array, lowerText: string, chunkBytes = SEARCH_CHUNK_BYTES): boolean {
  const decoder = new TextDecoder('utf-8');
  let carried = '';
  for (let at = 0; at < body.length; at += chunkBytes) {
    const end = Math.min(at + chunkBytes, body.length);
    const text = carried + decoder.decode(body.subarray(at, end), { stream: end < body.length });
    if (text.toLowerCase().includes(lowerText)) return true;
    // Lower-casing never shortens text, so a match running into the next chunk starts in the last
    // lowerText.length code units; one more keeps a surrogate pair whole.
    carried = text.slice(-(lowerText.length + 1));
  }
  return false;
}
