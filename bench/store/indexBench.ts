import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CapturedHook } from '../../src/core/model/hook';
import { DurableHookStore } from '../../src/core/store/durable';
import { GITHUB_HEADERS, jsonBody, median, spawnUntil } from './util';

const LOAD = path.join(__dirname, 'indexLoad.js');

export interface LoadFigures {
  readonly hooks: number;
  readonly bytes: number;
  readonly openMs: number;
  readonly firstListMs: number;
  readonly cachedListMs: number;
  readonly jsonMs?: number;
  readonly heapMB: number;
  readonly externalMB: number;
  readonly rssMB: number;
}

/** A hook as the listener builds it for a GitHub delivery: 13 headers, per-delivery ids and signatures, a verdict. */
export function githubHook(n: number, body: Buffer, receivedAt: number): CapturedHook {
  const delivery = randomBytes(16).toString('hex');
  const headers: Array<[string, string]> = [
    ['Host', '127.0.0.1:8787'],
    ['Content-Length', String(body.length)],
    ['Connection', 'keep-alive'],
    ...Object.entries(GITHUB_HEADERS).map(([k, v]): [string, string] => [k, v]),
  ];
  for (const pair of headers) {
    if (pair[0] === 'x-github-delivery') pair[1] = delivery;
    if (pair[0] === 'x-hub-signature-256') pair[1] = `sha256=${randomBytes(32).toString('hex')}`;
    if (pair[0] === 'x-hub-signature') pair[1] = `sha1=${randomBytes(20).toString('hex')}`;
  }
  return {
    id: `${receivedAt.toString().padStart(14, '0')}-${(n % 1_000_000).toString().padStart(6, '0')}`,
    receivedAt,
    method: 'POST',
    url: '/github/webhook',
    fullUrl: 'http://127.0.0.1:8787/github/webhook',
    path: '/github/webhook',
    query: [],
    headers,
    httpVersion: '1.1',
    remoteAddress: '127.0.0.1',
    remotePort: 40_000 + (n % 20_000),
    contentType: 'application/json',
    bodySize: body.length,
    bodySha256: createHash('sha256').update(body).digest('hex'),
    bodyMs: 0.12,
    flags: [],
    event: 'pull_request',
    // What the listener attaches to a signed GitHub delivery while no signing secret is set.
    verdict: {
      status: 'no-secret',
      provider: 'github',
      reason: {
        code: 'no-secret',
        message:
          'The request is signed (X-Hub-Signature-256) but no signing secret is set, so the signature was not checked. Set the signing secret from GitHub to check it.',
      },
    },
    ...(body.length > 16 * 1024 ? { uninspected: true as const } : {}),
    route: undefined,
    answerStatus: 200,
    body,
  };
}

/** Writes `count` hooks of `bodySize` bytes, a thousand at a time (group commit does the rest). */
export async function fillStore(dir: string, count: number, bodySize: number): Promise<void> {
  const store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
  const body = jsonBody(bodySize);
  const start = Date.now() - count;
  for (let i = 0; i < count; i += 1000) {
    const wave: Promise<void>[] = [];
    for (let j = i; j < Math.min(count, i + 1000); j++) wave.push(store.add(githubHook(j, body, start + j)));
    await Promise.all(wave);
  }
  await store.close();
}

/** Opens the store in a fresh process `runs` times (after `before`, if given); the median of each figure. */
export async function measureLoad(
  dir: string,
  mode: 'writer' | 'read-only',
  runs = 3,
  before?: () => Promise<void>,
): Promise<LoadFigures> {
  const all: LoadFigures[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    const { child, match } = await spawnUntil(LOAD, mode === 'read-only' ? [dir, 'read-only'] : [dir], /^RESULT (.*)/, [
      '--expose-gc',
    ]);
    all.push(JSON.parse(match[1] as string) as LoadFigures);
    await new Promise((resolve) => child.on('exit', resolve));
  }
  const pick = (f: (x: LoadFigures) => number | undefined): number => median(all.map((x) => f(x) ?? NaN));
  return {
    hooks: pick((x) => x.hooks),
    bytes: pick((x) => x.bytes),
    openMs: pick((x) => x.openMs),
    firstListMs: pick((x) => x.firstListMs),
    cachedListMs: pick((x) => x.cachedListMs),
    jsonMs: mode === 'read-only' ? pick((x) => x.jsonMs) : undefined,
    heapMB: pick((x) => x.heapMB),
    externalMB: pick((x) => x.externalMB),
    rssMB: pick((x) => x.rssMB),
  };
}

/** Removes the index file of the newest segment, as a crash (no close) leaves the store. */
export async function dropActiveIndex(dir: string): Promise<void> {
  const names = (await fs.readdir(dir)).filter((name) => name.endsWith('.idx')).sort();
  const last = names[names.length - 1];
  const segments = (await fs.readdir(dir)).filter((name) => name.endsWith('.seg')).sort();
  if (last && last.replace('.idx', '') === segments[segments.length - 1]?.replace('.seg', '')) {
    await fs.rm(path.join(dir, last));
  }
}
