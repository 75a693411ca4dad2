import autocannon from 'autocannon';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DurableHookStore } from '../../src/core/store/durable';
import { GITHUB_HEADERS, jsonBody, spawnUntil, stopChild } from './util';

const SERVER = path.join(__dirname, 'server.js');

export type Server = 'bare' | 'memory' | 'floor' | 'pushpull';

export interface LoadResult {
  readonly server: Server;
  readonly bodySize: number;
  readonly seconds: number;
  readonly reqPerSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly ok2xx: number;
  readonly non2xx: number;
  readonly errors: number;
  /** PushPull only: ids answered 2xx (warm-up included), how many the store has, which it lacks. */
  readonly answeredIds?: number;
  readonly stored?: number;
  readonly missing?: number;
  readonly hooksPerCommit?: number;
  /** CPU time (user + system) of the server process per request it answered, start-up included. */
  readonly cpuUsPerRequest?: number;
  /** The part of it spent in the kernel (socket and file system work). */
  readonly systemUsPerRequest?: number;
  /** Linux: CPU of the server's main (listener) thread and of all its other threads, per request of the measured run. */
  readonly threadsUsPerRequest?: { readonly main: number; readonly others: number };
}

export interface DiskResult {
  readonly bytesPerSec: number;
  readonly line: string;
}

/** Sequential write bandwidth with one fdatasync at the end, as `dd … conv=fdatasync` measures it. */
export async function measureDisk(dir: string): Promise<DiskResult> {
  const file = path.join(dir, 'dd.bin');
  try {
    const { stderr } = await promisify(execFile)('dd', [
      'if=/dev/zero',
      `of=${file}`,
      'bs=1M',
      'count=512',
      'conv=fdatasync',
    ]);
    const line = stderr.trim().split('\n').pop() ?? '';
    const match = /^(\d+) bytes .* copied, ([\d.]+) s/.exec(line);
    if (!match) throw new Error(`Unexpected dd output: ${stderr}`);
    return { bytesPerSec: Number(match[1]) / Number(match[2]), line };
  } finally {
    await fs.rm(file, { force: true });
  }
}

/** Clock ticks per second of `/proc/PID/task/TID/stat` times (USER_HZ); 100 on Linux. */
const TICKS_PER_SECOND = 100;

/** User + system clock ticks of each thread of `pid`, by thread id; empty where there is no `/proc`. */
async function threadTicks(pid: number): Promise<Map<number, number>> {
  const ticks = new Map<number, number>();
  const tasks = await fs.readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  for (const tid of tasks) {
    const stat = await fs.readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => undefined);
    // The fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14 and 15.
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields) ticks.set(Number(tid), Number(fields[11]) + Number(fields[12]));
  }
  return ticks;
}

function threadsPerRequest(
  pid: number,
  before: Map<number, number>,
  after: Map<number, number>,
  requests: number,
): LoadResult['threadsUsPerRequest'] {
  if (after.size === 0 || requests === 0) return undefined;
  const us = (ticks: number): number => (ticks * 1e6) / TICKS_PER_SECOND / requests;
  let others = 0;
  for (const [tid, ticks] of after) if (tid !== pid) others += ticks - (before.get(tid) ?? 0);
  return { main: us((after.get(pid) ?? 0) - (before.get(pid) ?? 0)), others: us(others) };
}

interface Blast {
  readonly result: autocannon.Result;
  readonly ids: string[];
}

function blast(port: number, body: Buffer, seconds: number): Promise<Blast> {
  const ids: string[] = [];
  const headers = { ...GITHUB_HEADERS };
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: 50,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/github/webhook',
            headers,
            body,
            onResponse: (status, text) => {
              if (status >= 200 && status < 300) {
                const id = /"id":"([^"]+)"/.exec(text)?.[1];
                if (id) ids.push(id);
              }
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve({ result, ids })),
    );
  });
}

/** One server, one body size: a warm-up, then the measured run, then (PushPull) the zero-lost check. */
export async function runCase(
  server: Server,
  bodySize: number,
  seconds: number,
  warmupSeconds: number,
  workDir: string,
): Promise<LoadResult> {
  const storeDir = path.join(workDir, `store-${bodySize}`);
  await fs.rm(storeDir, { recursive: true, force: true });
  const args = server === 'pushpull' || server === 'floor' ? [server, storeDir] : [server];
  const { child, match, lines } = await spawnUntil(SERVER, args, /^PORT (\d+)/);
  const port = Number(match[1]);
  const body = jsonBody(bodySize);
  const warm = await blast(port, body, warmupSeconds);
  const pid = child.pid ?? 0;
  const ticksBefore = await threadTicks(pid);
  const { result, ids } = await blast(port, body, seconds);
  const threads = threadsPerRequest(pid, ticksBefore, await threadTicks(pid), result['2xx']);
  const after = await stopChild(child, lines);
  const statsLine = after.find((line) => line.startsWith('STATS '));
  const stats = statsLine
    ? (JSON.parse(statsLine.slice(6)) as {
        commits?: number;
        recordsCommitted?: number;
        cpuMs: number;
        systemMs: number;
      })
    : undefined;
  const served = warm.result['2xx'] + result['2xx'];
  const base: LoadResult = {
    server,
    bodySize,
    seconds: result.duration,
    reqPerSec: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    cpuUsPerRequest: stats && served > 0 ? (stats.cpuMs * 1000) / served : undefined,
    systemUsPerRequest: stats && served > 0 ? (stats.systemMs * 1000) / served : undefined,
    ...(threads ? { threadsUsPerRequest: threads } : {}),
  };
  if (server !== 'pushpull') {
    await fs.rm(storeDir, { recursive: true, force: true });
    return server === 'floor' ? { ...base, hooksPerCommit: perCommit(stats) } : base;
  }
  const store = await DurableHookStore.openReadOnly(storeDir);
  const answered = [...warm.ids, ...ids];
  const missing = answered.filter((id) => !store.get(id)).length;
  const stored = store.size;
  await store.close();
  await fs.rm(storeDir, { recursive: true, force: true });
  return {
    ...base,
    answeredIds: answered.length,
    stored,
    missing,
    hooksPerCommit: perCommit(stats),
  };
}

function perCommit(stats: { commits?: number; recordsCommitted?: number } | undefined): number | undefined {
  return stats?.commits ? (stats.recordsCommitted ?? 0) / stats.commits : undefined;
}
