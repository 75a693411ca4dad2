import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { writePrivateFile } from '../privateFiles';
import {
  MAX_CHANGES_KEPT,
  MAX_WATCHES,
  MIN_WATCH_EVERY_MS,
  UNSAVED_HEADERS,
  type Watch,
  type WatchChange,
  type WatchDefinition,
  type WatchState,
} from './watchTypes';

/** The file a store's watches are kept in (definitions and state), beside its hooks and its `history/` folder. */
export const WATCHES_FILE = 'watches.json';
/** The most bytes of a watches file read (200 watches with 200 changes each fit well below it). */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Reads the watches kept in `file`. A missing file is no watches; anything malformed in it (a hand edit, a torn
 * write from an older version) is skipped, never trusted: only the fields and sizes a watch has are read.
 */
export async function readWatches(file: string): Promise<Watch[]> {
  let text: string;
  try {
    const stat = await fsp.stat(file);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return [];
    text = await fsp.readFile(file, 'utf8');
  } catch {
    return [];
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const list = isObject(value) && Array.isArray(value['watches']) ? (value['watches'] as unknown[]) : [];
  const watches: Watch[] = [];
  const ids = new Set<string>();
  for (const item of list.slice(0, MAX_WATCHES)) {
    const watch = isObject(item) ? watchOf(item) : undefined;
    if (watch && !ids.has(watch.definition.id)) {
      ids.add(watch.definition.id);
      watches.push(watch);
    }
  }
  return watches;
}

/** Replaces `file` with these watches (0600, written beside it and renamed, so a crash leaves the old or the new). */
export async function writeWatches(file: string, watches: readonly Watch[]): Promise<void> {
  const kept = watches.map(({ definition, state }) => ({
    definition: {
      ...definition,
      request: {
        ...definition.request,
        headers: definition.request.headers.filter(([name]) => !UNSAVED_HEADERS.has(name.toLowerCase())),
      },
    },
    state,
  }));
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writePrivateFile(temp, JSON.stringify({ version: 1, watches: kept }));
  await fsp.rename(temp, file);
}

function watchOf(item: Record<string, unknown>): Watch | undefined {
  const definition = isObject(item['definition']) ? definitionOf(item['definition']) : undefined;
  const state = isObject(item['state']) ? stateOf(item['state']) : undefined;
  return definition && state ? { definition, state } : undefined;
}

function definitionOf(d: Record<string, unknown>): WatchDefinition | undefined {
  const id = text(d['id'], 40);
  const name = text(d['name'], 500);
  const everyMs = count(d['everyMs']);
  const r = isObject(d['request']) ? d['request'] : undefined;
  if (id === undefined || !/^[A-Za-z0-9-]+$/.test(id) || name === undefined || r === undefined) return undefined;
  if (everyMs === undefined || everyMs < MIN_WATCH_EVERY_MS) return undefined;
  const method = text(r['method'], 40);
  const url = text(r['url'], 8192);
  const headers = Array.isArray(r['headers']) ? r['headers'].slice(0, 200).map(pairOf) : [];
  const body = r['body'] === undefined ? undefined : text(r['body'], 1024 * 1024);
  if (method === undefined || url === undefined || headers.some((pair) => pair === undefined)) return undefined;
  const request = {
    method,
    url,
    headers: headers as Array<readonly [string, string]>,
    ...(body === undefined ? {} : { body }),
  };
  return { id, name, everyMs, request };
}

function pairOf(value: unknown): readonly [string, string] | undefined {
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const name = text(value[0], 200);
  const headerValue = text(value[1], 8192);
  return name === undefined || headerValue === undefined ? undefined : [name, headerValue];
}

function stateOf(s: Record<string, unknown>): WatchState | undefined {
  const polls = count(s['polls']);
  const pollsWithoutChange = count(s['pollsWithoutChange']);
  const bytesPulled = count(s['bytesPulled']);
  const failures = count(s['failures']);
  if (polls === undefined || pollsWithoutChange === undefined || bytesPulled === undefined) return undefined;
  const changes = (Array.isArray(s['changes']) ? s['changes'].slice(-MAX_CHANGES_KEPT) : [])
    .map((c) => (isObject(c) ? changeOf(c) : undefined))
    .filter((c): c is WatchChange => c !== undefined);
  const lastError = text(s['lastError'], 400);
  const lastPollAt = count(s['lastPollAt']);
  const etag = text(s['etag'], 512);
  const lastModified = text(s['lastModified'], 512);
  return {
    running: s['running'] === true,
    polls,
    pollsWithoutChange,
    bytesPulled,
    failures: failures ?? 0,
    changes,
    ...(lastError === undefined ? {} : { lastError }),
    ...(lastPollAt === undefined ? {} : { lastPollAt }),
    ...(etag === undefined ? {} : { etag }),
    ...(lastModified === undefined ? {} : { lastModified }),
  };
}

function changeOf(c: Record<string, unknown>): WatchChange | undefined {
  const exchangeId = text(c['exchangeId'], 100);
  const at = count(c['at']);
  const status = count(c['status']);
  const bytes = count(c['bytes']);
  const sha256 = text(c['sha256'], 64);
  if (exchangeId === undefined || at === undefined || status === undefined || bytes === undefined) return undefined;
  if (sha256 === undefined || !/^[0-9a-f]{64}$/.test(sha256)) return undefined;
  return { exchangeId, at, status, bytes, sha256 };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length <= max ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
