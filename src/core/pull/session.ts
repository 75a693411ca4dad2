import type { Clock } from '../clock';
import { withoutCredentials } from '../http/credentials';
import { parseHeaderLines } from '../http/headers';
import type { Exchange, HttpRequest } from '../model/exchange';
import type { ExchangeLog } from '../store/exchangeLog';
import type { HttpLoader } from './lazyHttp';
import { failedOutcome, type PullOutcome } from './outcome';

/** A request as a person writes it: headers as `Name: value` lines (blank lines and `#` comments skipped). */
export interface PullRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: string;
  readonly body: string;
}

export interface PullSessionDeps {
  /** The sender, loaded the first time a request is sent. */
  readonly http: HttpLoader;
  /** Where each answered exchange is recorded, once. */
  readonly exchanges: Pick<ExchangeLog, 'add'>;
  readonly clock: Clock;
}

/** The request being sent: a newer send, Cancel or the end of the session aborts it. */
interface Sending {
  readonly id: number;
  readonly controller: AbortController;
}

const SUPERSEDED: PullOutcome = { kind: 'superseded' };

/**
 * Sends one request at a time for one sender (the request panel; a `.http` file or the CLI next), and records
 * each answer: a newer send replaces the one still running, whose answer is then neither recorded nor shown.
 */
export class PullSession {
  private sequence = 0;
  private sending: Sending | undefined;

  constructor(private readonly deps: PullSessionDeps) {}

  /** Whether a request is on its way. */
  get isSending(): boolean {
    return this.sending !== undefined;
  }

  /**
   * Sends `draft` and resolves with how it ended. What ran before it is aborted at once, before this returns
   * its promise.
   */
  send(draft: PullRequest): Promise<PullOutcome> {
    this.sending?.controller.abort();
    const sending: Sending = { id: ++this.sequence, controller: new AbortController() };
    this.sending = sending;
    return this.run(draft, sending);
  }

  /** Aborts the request on its way, if any: its send resolves as failed with `CANCELLED`. */
  cancel(): void {
    this.sending?.controller.abort();
  }

  /** Aborts the request on its way, if any: its send resolves as superseded. */
  dispose(): void {
    this.sending?.controller.abort();
    this.sending = undefined;
  }

  private async run(draft: PullRequest, sending: Sending): Promise<PullOutcome> {
    const started = this.deps.clock.now();
    let outcome: PullOutcome;
    try {
      const request: HttpRequest = {
        method: draft.method,
        url: draft.url.trim(),
        headers: parseHeaderLines(draft.headers),
        body: draft.body,
      };
      const http = this.deps.http.get();
      const options = { ...http.defaultSendOptions, signal: sending.controller.signal };
      const response = await http.sendRequest(request, options);
      if (this.sending !== sending) return SUPERSEDED;
      // Kept for Compare With…, which names it in lists and tabs: without the URL's credentials.
      const kept = { ...request, url: withoutCredentials(request.url) };
      const exchange: Exchange = { id: `${started}-${sending.id}`, startedAt: started, request: kept, response };
      this.deps.exchanges.add(exchange);
      outcome = { kind: 'answered', exchange };
    } catch (error) {
      if (this.sending !== sending) return SUPERSEDED;
      outcome = failedOutcome(error);
    }
    this.sending = undefined;
    return outcome;
  }
}
