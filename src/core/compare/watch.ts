import type { Clock, Timers } from '../clock';
import type { ExchangeSummary, HistoryAddOptions } from '../model/history';
import type { PulledExchange } from '../model/pulled';
import { PullSession, removeSpilled, type PullSender, type SessionSendOptions } from '../pull/session';
import { judgePoll, pollRequest, withoutBody, type PollVerdict } from './watchPoll';
import {
  MAX_CHANGES_KEPT,
  watchExchangeName,
  type Watch,
  type WatchChange,
  type WatchDefinition,
  type WatchState,
} from './watchTypes';

export interface WatchRunnerDeps<O extends SessionSendOptions> {
  readonly timers: Timers;
  readonly clock: Clock;
  readonly sender: () => PullSender<O>;
  readonly options: () => Omit<O, 'signal'> | Promise<Omit<O, 'signal'>>;
  /** The request history's `add`. */
  readonly record: (exchange: PulledExchange, options?: HistoryAddOptions) => Promise<ExchangeSummary>;
  /** After every poll (answered or failed), stop and resume: the new state, and the change when there was one. */
  readonly onDidPoll: (watch: Watch, change: WatchChange | undefined) => void;
  /** Values masked wherever they appear in the kept exchange (tokens from the panel or the environment). */
  readonly secretValues?: readonly string[];
}

/**
 * Polls one watch's request through a `PullSession` every `everyMs` (counted from the end of the previous poll, so
 * a slow server never gets two polls at once), sends the server's validators back, and keeps every poll in the
 * history: the body only when it changed.
 */
export class WatchRunner<O extends SessionSendOptions> {
  private readonly session: PullSession<WatchRequest, O>;
  private cancelTimer: (() => void) | undefined;
  private polling: Promise<void> | undefined;
  private verdict: PollVerdict | undefined;
  private disposed = false;

  constructor(
    readonly definition: WatchDefinition,
    private current: WatchState,
    private readonly deps: WatchRunnerDeps<O>,
  ) {
    this.session = new PullSession<WatchRequest, O>({
      prepare: (request) =>
        Promise.resolve({
          request: pollRequest(request, this.current),
          name: watchExchangeName(definition),
          ...(deps.secretValues ? { secretValues: deps.secretValues } : {}),
        }),
      sender: deps.sender,
      options: () => deps.options(),
      record: (exchange, options) => this.recordPoll(exchange, options),
      clock: deps.clock,
      source: 'watch',
    });
    if (current.running) this.schedule(0);
  }

  get state(): WatchState {
    return this.current;
  }

  get watch(): Watch {
    return { definition: this.definition, state: this.current };
  }

  /** Polls now (unless a poll is on its way) and resolves once it is kept; the next poll follows `everyMs` after. */
  pollNow(): Promise<void> {
    if (this.polling) return this.polling;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.polling = this.poll().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  stop(): void {
    if (!this.current.running) return;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.session.cancel();
    this.update({ ...this.current, running: false }, undefined);
  }

  resume(): void {
    if (this.current.running || this.disposed) return;
    this.update({ ...this.current, running: true }, undefined);
    this.schedule(0);
  }

  dispose(): void {
    this.disposed = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.session.dispose();
  }

  /** Resolves once the poll on its way, if any, has ended. */
  async settled(): Promise<void> {
    await this.polling;
  }

  private schedule(ms: number): void {
    if (this.disposed || !this.current.running || this.cancelTimer) return;
    this.cancelTimer = this.deps.timers.after(ms, () => {
      this.cancelTimer = undefined;
      void this.pollNow();
    });
  }

  private async poll(): Promise<void> {
    this.verdict = undefined;
    const outcome = await this.session.send(this.definition.request);
    if (this.disposed || outcome.kind === 'superseded') return;
    if (outcome.kind === 'failed') {
      if (outcome.code !== 'CANCELLED') {
        const lastError = `${outcome.code}: ${outcome.message.slice(0, 300)}`;
        const lastPollAt = this.deps.clock.now();
        this.update({ ...this.current, failures: this.current.failures + 1, lastError, lastPollAt }, undefined);
      }
    } else {
      this.answered(outcome.exchange, outcome.summary.id);
    }
    this.schedule(this.definition.everyMs);
  }

  private answered(exchange: PulledExchange, exchangeId: string): void {
    const verdict = this.verdict;
    if (!verdict) return;
    const rest = counters(this.current);
    const base: WatchState = {
      ...rest,
      polls: rest.polls + 1,
      bytesPulled: rest.bytesPulled + verdict.bytes,
      lastPollAt: exchange.startedAt,
      ...validators(verdict),
    };
    if (!verdict.changed) {
      this.update({ ...base, pollsWithoutChange: base.pollsWithoutChange + 1 }, undefined);
      return;
    }
    const change: WatchChange = {
      exchangeId,
      at: exchange.startedAt,
      status: exchange.response.status,
      bytes: verdict.bytes,
      sha256: verdict.sha256,
    };
    const changes = [...base.changes, change].slice(-MAX_CHANGES_KEPT);
    this.update({ ...base, changes }, change);
  }

  /** The session's `record`: judges the answer first, and keeps an unchanged one without its body. */
  private async recordPoll(exchange: PulledExchange, options?: HistoryAddOptions): Promise<ExchangeSummary> {
    const verdict = await judgePoll(exchange.response, this.current);
    this.verdict = verdict;
    if (verdict.changed) return this.deps.record(exchange, options);
    await removeSpilled(exchange.response);
    return this.deps.record({ ...exchange, response: withoutBody(exchange.response) }, options);
  }

  private update(state: WatchState, change: WatchChange | undefined): void {
    this.current = state;
    this.deps.onDidPoll(this.watch, change);
  }
}

type WatchRequest = WatchDefinition['request'];

/** A state's counters and log, without the last error and validators (each answer sets those again). */
function counters(state: WatchState): WatchState {
  const { running, polls, pollsWithoutChange, bytesPulled, failures, changes } = state;
  return { running, polls, pollsWithoutChange, bytesPulled, failures, changes };
}

function validators(verdict: PollVerdict): Pick<WatchState, 'etag' | 'lastModified'> {
  return {
    ...(verdict.etag === undefined ? {} : { etag: verdict.etag }),
    ...(verdict.lastModified === undefined ? {} : { lastModified: verdict.lastModified }),
  };
}
