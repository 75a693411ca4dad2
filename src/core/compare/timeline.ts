import { createHash } from 'node:crypto';
import { JSONPath } from 'jsonpath-plus';
import { jsonDepth, MAX_JSON_DEPTH } from '../json/depth';

/** What the timeline reads of one hook: when it came, its body bytes, and its body. */
export interface TimelineHook {
  readonly receivedAt: number;
  readonly bytes: number;
  body(): Promise<Uint8Array | undefined>;
}

/** A poll whose body changed (the first poll counts): when it was sent and its body. */
export interface TimelinePull {
  readonly at: number;
  body(): Promise<Uint8Array | undefined>;
}

export interface TimelinePaths {
  /** JSONPath to the resource id in a hook (`$.data.object.id`). */
  readonly pushKey: string;
  /** JSONPath to the resource id in a poll's response (`$.id`). */
  readonly pullKey: string;
  /** JSONPath to the resource's version in a hook; the content of the object holding the key when not given. */
  readonly pushVersion?: string;
  readonly pullVersion?: string;
}

export interface TimelineInput extends TimelinePaths {
  /** The hooks of the route, oldest first. */
  readonly hooks: readonly TimelineHook[];
  /** The polls whose body changed, oldest first. */
  readonly pulls: readonly TimelinePull[];
  /** Every poll answered, and the body bytes they received (unchanged ones too). */
  readonly polls: number;
  readonly bytesPulled: number;
}

export interface TimelineChange {
  readonly key: string;
  readonly version: string;
  /** ms since the epoch; null for a change no hook announced. */
  readonly pushedAt: number | null;
  /** The first poll that saw it; null for a change no poll saw. */
  readonly pulledAt: number | null;
  /** pulledAt − pushedAt: how much sooner push told of it (negative when the poll saw it first). */
  readonly leadMs: number | null;
}

/** Exactly what `pushpull timeline --json` prints. */
export interface Timeline {
  readonly changes: readonly TimelineChange[];
  readonly polls: number;
  readonly pollsWithoutChange: number;
  readonly bytesPushed: number;
  readonly bytesPulled: number;
  readonly medianLeadMs: number | null;
}

/** The most characters of a key or a version the timeline keeps (a sender chooses them). */
const MAX_TEXT = 200;

/**
 * Each change of a resource seen on both sides — a (key, version) pair — with when the first hook announced it
 * and when the first poll saw it. Hooks and polls whose body is not JSON, or has no key, are counted (bytes,
 * polls) but name no change.
 */
export async function buildTimeline(input: TimelineInput): Promise<Timeline> {
  const changes = new Map<string, { key: string; version: string; pushedAt: number | null; pulledAt: number | null }>();
  let bytesPushed = 0;
  for (const hook of input.hooks) {
    bytesPushed += hook.bytes;
    const seen = identify(await hook.body(), input.pushKey, input.pushVersion);
    if (!seen) continue;
    const id = JSON.stringify([seen.key, seen.version]);
    const known = changes.get(id);
    if (!known) changes.set(id, { ...seen, pushedAt: hook.receivedAt, pulledAt: null });
    else if (known.pushedAt === null || hook.receivedAt < known.pushedAt) known.pushedAt = hook.receivedAt;
  }
  let newByPoll = 0;
  let lastPulled: string | undefined;
  for (const pulled of input.pulls) {
    const seen = identify(await pulled.body(), input.pullKey, input.pullVersion);
    if (!seen) continue;
    const id = JSON.stringify([seen.key, seen.version]);
    if (id === lastPulled) continue;
    lastPulled = id;
    const known = changes.get(id);
    if (!known) {
      changes.set(id, { ...seen, pushedAt: null, pulledAt: pulled.at });
      newByPoll++;
    } else if (known.pulledAt === null) {
      known.pulledAt = pulled.at;
      newByPoll++;
    }
  }
  const list: TimelineChange[] = [...changes.values()]
    .map((c) => ({
      ...c,
      leadMs: c.pushedAt !== null && c.pulledAt !== null ? c.pulledAt - c.pushedAt : null,
    }))
    .sort((a, b) => (a.pushedAt ?? a.pulledAt ?? 0) - (b.pushedAt ?? b.pulledAt ?? 0));
  const leads = list.map((c) => c.leadMs).filter((lead): lead is number => lead !== null);
  return {
    changes: list,
    polls: input.polls,
    pollsWithoutChange: Math.max(0, input.polls - newByPoll),
    bytesPushed,
    bytesPulled: input.bytesPulled,
    medianLeadMs: median(leads),
  };
}

/** The resource's key and version in a body, or undefined when it is not JSON or has no key. */
export function identify(
  body: Uint8Array | undefined,
  keyPath: string,
  versionPath: string | undefined,
): { key: string; version: string } | undefined {
  if (!body || body.length === 0) return undefined;
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const keyHit = first(json, keyPath);
  if (!keyHit || keyHit.value === null || typeof keyHit.value === 'object') return undefined;
  const key = String(keyHit.value).slice(0, MAX_TEXT);
  if (versionPath !== undefined) {
    const versionHit = first(json, versionPath);
    if (!versionHit || versionHit.value === undefined) return undefined;
    return { key, version: shown(versionHit.value) };
  }
  const holder = keyHit.parent ?? json;
  return { key, version: `sha256:${createHash('sha256').update(sortedJson(holder)).digest('hex').slice(0, 16)}` };
}

/** JSON with object keys sorted at every level, so that key order does not make a new version (depth checked before). */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${sortedJson(record[key])}`).join(',')}}`;
}

function first(json: object, path: string): { value: unknown; parent: unknown } | undefined {
  const hits = JSONPath({ path, json, resultType: 'all', wrap: true, eval: false }) as
    Array<{ value: unknown; parent: unknown }> | undefined;
  return hits?.[0];
}

function shown(value: unknown): string {
  return (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, MAX_TEXT);
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** Where the timeline reads from: a store's hooks (newest first, as stores list them) and its watches. */
export interface TimelineSources {
  readonly hooks: ReadonlyArray<{
    readonly id: string;
    readonly receivedAt: number;
    readonly bodySize: number;
    readonly route: string | undefined;
  }>;
  readHookBody(id: string): Promise<Uint8Array | undefined>;
  readonly watches: ReadonlyArray<{
    readonly state: {
      readonly polls: number;
      readonly bytesPulled: number;
      readonly changes: ReadonlyArray<{ readonly at: number; readonly exchangeId: string }>;
    };
  }>;
  readPollBody(exchangeId: string): Promise<Uint8Array | undefined>;
}

/** The timeline's input from a store: the route's hooks (every hook when no route is named) and every watch's polls. */
export function timelineInput(sources: TimelineSources, paths: TimelinePaths, route?: string): TimelineInput {
  const hooks: TimelineHook[] = sources.hooks
    .filter((hook) => route === undefined || hook.route === route)
    .map((hook) => ({ receivedAt: hook.receivedAt, bytes: hook.bodySize, body: () => sources.readHookBody(hook.id) }))
    .sort((a, b) => a.receivedAt - b.receivedAt);
  const pulls: TimelinePull[] = sources.watches
    .flatMap((watch) => watch.state.changes)
    .map((change) => ({ at: change.at, body: () => sources.readPollBody(change.exchangeId) }))
    .sort((a, b) => a.at - b.at);
  let polls = 0;
  let bytesPulled = 0;
  for (const { state } of sources.watches) {
    polls += state.polls;
    bytesPulled += state.bytesPulled;
  }
  return { ...paths, hooks, pulls, polls, bytesPulled };
}
