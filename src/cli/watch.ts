import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock, systemTimers, type Logger } from '../core/clock';
import { WATCHES_FILE } from '../core/compare/watchFile';
import { Watches } from '../core/compare/watches';
import type { WatchRequest } from '../core/compare/watchTypes';
import type { PullOptions } from '../core/http/options';
import { ConnectionPool } from '../core/http/pool';
import { pull } from '../core/http/pull';
import { HistoryStore } from '../core/store/history';
import { historyDirs } from '../core/store/history/open';
import { printable } from './format';
import { type CliIo, isBrokenPipe, oneLine, UsageError, wholeNumber, write } from './io';

export const WATCH_USAGE = `Usage: pushpull watch --url URL [--header "Name: value"]… --every SECONDS --store DIR [--for SECONDS]

Polls URL every SECONDS into the store's request history (DIR/history) until SIGINT/SIGTERM (exit 0) or for
the given time. ETag and Last-Modified are sent back as If-None-Match and If-Modified-Since; a poll whose
answer is a 304 or the same body is kept without its body. The watch and its change log are kept in
DIR/watches.json, so \`pushpull timeline\` can set the polls beside the hooks \`pushpull listen --store DIR\`
receives (both can run at once on one store). Prints one line per poll: time, status, bytes, changed or same.
`;

interface WatchArgs {
  readonly request: WatchRequest;
  readonly everyMs: number;
  readonly store: string;
  readonly forMs: number | undefined;
}

/** `pushpull watch`: polls until stopped; returns the exit code (0 stopped, 2 usage or store error). */
export async function runWatch(argv: string[], io: CliIo, signals: NodeJS.EventEmitter = process): Promise<number> {
  const args = parseWatchArgs(argv);
  if (args === 'help') {
    await write(io.stdout, WATCH_USAGE);
    return 0;
  }
  const dirs = historyDirs(path.join(path.resolve(args.store), 'history'));
  let history: HistoryStore;
  try {
    history = await HistoryStore.open(dirs.dir, { owner: `pushpull watch (process ${process.pid})` });
  } catch (error) {
    io.stderr.write(
      `pushpull watch: the store ${printable(args.store)} cannot be used: ${oneLine(messageOf(error))}\n`,
    );
    return 2;
  }
  const pool = new ConnectionPool();
  const watches = await Watches.open<PullOptions>({
    file: path.join(path.resolve(args.store), WATCHES_FILE),
    logger: stderrLogger(io),
    timers: systemTimers,
    clock: systemClock,
    sender: () => pull,
    options: () => ({ spillDir: dirs.spill, pool, userAgent: 'PushPull' }),
    record: (exchange, options) => history.add(exchange, { ...options, mask: true }),
    startStopped: true,
  });
  try {
    const id = watches.add(nameOf(args.request), args.request, args.everyMs).definition.id;
    await write(io.stdout, `watching ${printable(args.request.url)} every ${args.everyMs / 1000} s\n`);
    let seen = { polls: 0, failures: 0 };
    watches.onDidChange(({ id: changed, watch, change }) => {
      if (changed !== id || !watch) return;
      const { state } = watch;
      const when = new Date(state.lastPollAt ?? systemClock.now()).toISOString();
      if (state.failures > seen.failures) io.stderr.write(`${when} ${printable(state.lastError ?? 'failed')}\n`);
      else if (state.polls > seen.polls) {
        const line = `${when} ${change ? `${change.status} ${change.bytes} B changed` : 'same'}\n`;
        write(io.stdout, line).catch((error: unknown) => {
          if (!isBrokenPipe(error)) io.stderr.write(`pushpull watch: ${messageOf(error)}\n`);
        });
      }
      seen = { polls: state.polls, failures: state.failures };
    });
    await new Promise<void>((resolve) => {
      signals.once('SIGINT', resolve);
      signals.once('SIGTERM', resolve);
      if (args.forMs !== undefined) systemTimers.after(args.forMs, resolve);
    });
    watches.stop(id);
    return 0;
  } finally {
    await watches.dispose();
    await pool.close();
    await history.dispose();
  }
}

function parseWatchArgs(argv: string[]): WatchArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      url: { type: 'string' },
      header: { type: 'string', short: 'H', multiple: true },
      file: { type: 'string' },
      name: { type: 'string' },
      env: { type: 'string' },
      every: { type: 'string' },
      store: { type: 'string' },
      for: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (values.file !== undefined) throw new UsageError('watch --file F.http --name N is not available in this build');
  if (!values.url) throw new UsageError('watch needs --url URL');
  if (!values.store) throw new UsageError('watch needs --store DIR (the store `pushpull listen` uses)');
  if (values.every === undefined) throw new UsageError('watch needs --every SECONDS');
  const every = wholeNumber('every', values.every, 0, 86_400);
  if (every < 1) throw new UsageError('--every must be at least 1 (second)');
  const forSeconds = values.for === undefined ? undefined : wholeNumber('for', values.for, 0, 31 * 86_400);
  const headers = (values.header ?? []).map(headerOf);
  return {
    request: { method: 'GET', url: values.url, headers },
    everyMs: every * 1000,
    store: values.store,
    forMs: forSeconds === undefined ? undefined : forSeconds * 1000,
  };
}

function headerOf(text: string): readonly [string, string] {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new UsageError(`--header takes "Name: value", not "${printable(text.slice(0, 60))}"`);
  }
  return [name, text.slice(colon + 1).trim()];
}

function nameOf(request: WatchRequest): string {
  return `${request.method} ${request.url}`.slice(0, 200);
}

function stderrLogger(io: CliIo): Logger {
  return {
    info: () => undefined,
    warn: (message) => void io.stderr.write(`warning: ${message}\n`),
    error: (message) => void io.stderr.write(`error: ${message}\n`),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
