import { errorCode, PushPullError } from '../errors';
import { isRequestErrorCode, type RequestErrorCode } from '../http/errors';
import type { ExchangeSummary } from '../model/history';
import type { PulledExchange } from '../model/pulled';

/** Why a draft was not sent at all: it could not be made into a request, or it uses names nothing defines. */
export type RefusalCode = 'INVALID_DRAFT' | 'UNRESOLVED_VARIABLES';

/** Why a send ended without an answer to show: the sender's codes, a refusal, or the history refusing it. */
export type PullFailureCode = RequestErrorCode | RefusalCode | 'HISTORY_FAILED';

const REFUSAL_CODES: ReadonlySet<string> = new Set<RefusalCode>(['INVALID_DRAFT', 'UNRESOLVED_VARIABLES']);

/** A draft that cannot be sent as it is; `names` lists the unresolved `{{variables}}` when that is why. */
export class PullRefusal extends PushPullError {
  constructor(
    override readonly code: RefusalCode,
    message: string,
    readonly names: readonly string[] = [],
  ) {
    super(code, message);
  }
}

/** The history could not keep an answered exchange: it is not shown as if it were kept. */
export class HistoryFailure extends PushPullError {
  constructor(message: string, cause?: unknown) {
    super('HISTORY_FAILED', message, { cause });
  }
}

/** How a send ended, for whoever shows it. */
export type PullOutcome =
  /** The server answered (any status); the exchange was recorded and `summary` is what the history keeps. */
  | { readonly kind: 'answered'; readonly exchange: PulledExchange; readonly summary: ExchangeSummary }
  /**
   * No answer: the draft was refused, a network failure, a timeout, Cancel (`CANCELLED`), or the history could not
   * keep it. Nothing recorded, no spilled file left.
   */
  | { readonly kind: 'failed'; readonly code: PullFailureCode; readonly message: string; readonly names?: string[] }
  /** A newer send, or the end of the session, took its place: nothing recorded, nothing to show. */
  | { readonly kind: 'superseded' };

export type FailedOutcome = PullOutcome & { readonly kind: 'failed' };

/**
 * A send that got no answer: its stable code and message. The sender is loaded from its own bundle, so its
 * errors are recognised by code (`errorCode`), not by class; anything without a known code is REQUEST_FAILED.
 */
export function failedOutcome(error: unknown): FailedOutcome {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof PullRefusal) {
    return { kind: 'failed', code: error.code, message, ...(error.names.length ? { names: [...error.names] } : {}) };
  }
  if (code !== undefined && REFUSAL_CODES.has(code)) return { kind: 'failed', code: code as RefusalCode, message };
  if (code === 'HISTORY_FAILED') return { kind: 'failed', code, message };
  return { kind: 'failed', code: code !== undefined && isRequestErrorCode(code) ? code : 'REQUEST_FAILED', message };
}
