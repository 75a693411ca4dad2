import { randomUUID } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { systemClock } from '../core/clock';
import type { PullOptions } from '../core/http/options';
import { pull } from '../core/http/pull';
import type { ExchangeSummary, HistoryAddOptions } from '../core/model/history';
import { bodySize, type PulledExchange } from '../core/model/pulled';
import type { PullOutcome } from '../core/pull/outcome';
import { type PreparedRequest, PullSession, removeSpilled } from '../core/pull/session';
import { HistoryStore } from '../core/store/history';
import { historyDirs } from '../core/store/history/open';

/** Sends a `.http` file's prepared requests one after the other, recording them in a history folder when given one. */
export interface FileSender {
  send(prepared: PreparedRequest, signal: AbortSignal): Promise<PullOutcome>;
  /** Closes the history, or removes the temporary folder big bodies were written to. */
  dispose(): Promise<void>;
}

/**
 * A sender for `pushpull send FILE`: a PullSession over core/http's `pull`, recording into the history in
 * `historyDir` (masked, as the panel's) or, without one, keeping nothing (bodies spilled to a temporary folder that
 * `dispose` removes). Throws when the history cannot be opened (another process holds it).
 */
export async function openFileSender(
  historyDir: string | undefined,
  options: Omit<PullOptions, 'spillDir' | 'signal'>,
): Promise<FileSender> {
  const history =
    historyDir === undefined
      ? undefined
      : await HistoryStore.open(path.resolve(historyDir), { owner: `pushpull send (process ${process.pid})` });
  const spillDir = history
    ? historyDirs(path.resolve(historyDir ?? '')).spill
    : await fsp.mkdtemp(path.join(os.tmpdir(), 'pushpull-send-'));
  const record = async (exchange: PulledExchange, add?: HistoryAddOptions): Promise<ExchangeSummary> =>
    history ? history.add(exchange, { mask: true, ...add }) : summaryOf(exchange);
  const session = new PullSession<PreparedRequest, PullOptions>({
    prepare: (prepared) => Promise.resolve(prepared),
    sender: () => pull,
    options: () => ({ ...options, spillDir }),
    record,
    clock: systemClock,
    source: 'cli',
  });
  const kept: PulledExchange[] = [];
  return {
    async send(prepared, signal) {
      const abort = (): void => session.cancel();
      signal.addEventListener('abort', abort, { once: true });
      try {
        const outcome = await session.send(prepared);
        if (outcome.kind === 'answered' && !history) kept.push(outcome.exchange);
        return outcome;
      } finally {
        signal.removeEventListener('abort', abort);
      }
    },
    async dispose() {
      session.dispose();
      if (history) await history.dispose();
      else {
        for (const exchange of kept) await removeSpilled(exchange.response);
        await fsp.rm(spillDir, { recursive: true, force: true });
      }
    },
  };
}

/** What the history would list for an exchange that is not kept. */
function summaryOf(exchange: PulledExchange): ExchangeSummary {
  const url = exchange.request.url;
  const host = URL.canParse(url) ? new URL(url).host : '';
  const type = exchange.response.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1];
  return {
    id: exchange.id || randomUUID(),
    startedAt: exchange.startedAt,
    source: exchange.source,
    ...(exchange.name === undefined ? {} : { name: exchange.name }),
    method: exchange.request.method,
    url,
    host,
    status: exchange.response.status,
    totalMs: exchange.response.timings.total,
    size: bodySize(exchange.response.decoded),
    ...(type === undefined ? {} : { contentType: type }),
    pinned: false,
  };
}
