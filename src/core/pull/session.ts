import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import type { Clock } from '../clock';
import type { ExchangeSummary, HistoryAddOptions } from '../model/history';
import type { BodyRef, ExchangeSource, OutgoingRequest, PulledExchange, PulledResponse } from '../model/pulled';
import { failedOutcome, HistoryFailure, type PullOutcome } from './outcome';

/** A draft made ready to send: the request, and what must never be kept of it. */
export interface PreparedRequest {
  readonly request: OutgoingRequest;
  /** Values (passwords, tokens) the history masks wherever they appear. */
  readonly secretValues?: readonly string[];
  /** A name the exchange is kept under (a panel's title), if any. */
  readonly name?: string;
}

/** What every sender option set carries from the session: the cancel signal. */
export interface SessionSendOptions {
  readonly signal?: AbortSignal;
}

/** The sender (`pull` of core/http, loaded lazily): a request and its options → the answer. */
export type PullSender<O extends SessionSendOptions> = (
  request: OutgoingRequest,
  options: O,
) => Promise<PulledResponse>;

export interface PullSessionDeps<D, O extends SessionSendOptions> {
  /**
   * Makes a draft into a request: variables resolved, auth applied (an OAuth token may be fetched: honour the
   * signal). Throws a `PullRefusal` (or any error with a stable code) when the draft cannot be sent.
   */
  readonly prepare: (draft: D, signal: AbortSignal) => Promise<PreparedRequest>;
  /** The sender, asked for only when a request goes out (it loads undici the first time). */
  readonly sender: () => PullSender<O>;
  /**
   * The sender's options for this draft as the settings say now (timeouts, TLS, proxy, spill folder, the draft's
   * own redirect and certificate choices…), without the signal.
   */
  readonly options: (draft: D) => Omit<O, 'signal'> | Promise<Omit<O, 'signal'>>;
  /** Keeps an answered exchange (the history's `add`); resolves once it is on disk. */
  readonly record: (exchange: PulledExchange, options?: HistoryAddOptions) => Promise<ExchangeSummary>;
  readonly clock: Clock;
  readonly source?: ExchangeSource;
}

/** The request being sent: a newer send, Cancel or the end of the session aborts it. */
interface Sending {
  readonly controller: AbortController;
}

const SUPERSEDED: PullOutcome = { kind: 'superseded' };

/**
 * Sends one request at a time for one sender of requests (a request panel; a `.http` file or the CLI next) and
 * records each answer in the history: a newer send replaces the one still running, whose answer is then neither
 * recorded nor shown, and whose spilled body files are removed.
 */
export class PullSession<D, O extends SessionSendOptions> {
  private sending: Sending | undefined;

  constructor(private readonly deps: PullSessionDeps<D, O>) {}

  /** Whether a request is on its way. */
  get isSending(): boolean {
    return this.sending !== undefined;
  }

  /** Sends `draft` and resolves with how it ended. What ran before it is aborted before this returns. */
  send(draft: D): Promise<PullOutcome> {
    this.sending?.controller.abort();
    const sending: Sending = { controller: new AbortController() };
    this.sending = sending;
    return this.run(draft, sending);
  }

  /** Aborts the request on its way, if any: its send resolves as failed with `CANCELLED`. */
  cancel(): void {
    this.sending?.controller.abort();
  }

  /** Aborts the request on its way, if any: its send resolves as superseded. */
  dispose(): void {
    const sending = this.sending;
    this.sending = undefined;
    sending?.controller.abort();
  }

  private async run(draft: D, sending: Sending): Promise<PullOutcome> {
    const { signal } = sending.controller;
    const startedAt = this.deps.clock.now();
    let response: PulledResponse | undefined;
    try {
      const prepared = await this.deps.prepare(draft, signal);
      if (this.sending !== sending) return SUPERSEDED;
      signal.throwIfAborted();
      const options = { ...(await this.deps.options(draft)), signal } as O;
      if (this.sending !== sending) return SUPERSEDED;
      response = await this.deps.sender()(prepared.request, options);
      if (this.sending !== sending) {
        await removeSpilled(response);
        return SUPERSEDED;
      }
      const exchange: PulledExchange = {
        id: randomUUID(),
        startedAt,
        source: this.deps.source ?? 'panel',
        ...(prepared.name ? { name: prepared.name } : {}),
        request: prepared.request,
        response,
      };
      const summary = await this.recorded(exchange, prepared, response);
      if (this.sending !== sending) return SUPERSEDED;
      this.sending = undefined;
      return { kind: 'answered', exchange, summary };
    } catch (error) {
      if (this.sending !== sending) return SUPERSEDED;
      this.sending = undefined;
      if (signal.aborted) return { kind: 'failed', code: 'CANCELLED', message: 'The request was cancelled.' };
      return failedOutcome(error);
    }
  }

  /** Records the exchange; when the history refuses it, its spilled files go and the send fails with that reason. */
  private async recorded(
    exchange: PulledExchange,
    prepared: PreparedRequest,
    response: PulledResponse,
  ): Promise<ExchangeSummary> {
    try {
      const secretValues = prepared.secretValues?.filter((value) => value.length > 0) ?? [];
      return await this.deps.record(exchange, secretValues.length ? { secretValues } : undefined);
    } catch (error) {
      await removeSpilled(response);
      const reason = error instanceof Error ? error.message : String(error);
      throw new HistoryFailure(`The answer came but could not be kept in the request history: ${reason}`, error);
    }
  }
}

/** Removes the files the sender wrote a response's bodies to (an answer nobody keeps). */
export async function removeSpilled(response: PulledResponse): Promise<void> {
  const files = new Set([fileOf(response.raw), fileOf(response.decoded)].filter((p): p is string => p !== undefined));
  await Promise.all([...files].map((file) => fs.rm(file, { force: true })));
}

function fileOf(body: BodyRef): string | undefined {
  return body.kind === 'file' ? body.path : undefined;
}
