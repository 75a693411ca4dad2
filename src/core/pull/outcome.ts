import { errorCode } from '../errors';
import { isRequestErrorCode, type RequestErrorCode } from '../http/errors';
import type { Exchange } from '../model/exchange';

/** How a send ended, for whoever shows it. */
export type PullOutcome =
  /** The server answered (any status); the exchange was recorded. */
  | { readonly kind: 'answered'; readonly exchange: Exchange }
  /** No answer: a bad URL or header, a network failure, a timeout, or Cancel (`CANCELLED`). Nothing recorded. */
  | { readonly kind: 'failed'; readonly code: RequestErrorCode; readonly message: string }
  /** A newer send, or the end of the session, took its place: nothing recorded, nothing to show. */
  | { readonly kind: 'superseded' };

/**
 * A send that got no answer: its stable code and message. The sender is loaded from its own bundle, so its
 * errors are recognised by code (`errorCode`), not by class; anything without a request code is REQUEST_FAILED.
 */
export function failedOutcome(error: unknown): PullOutcome & { readonly kind: 'failed' } {
  const code = errorCode(error);
  return {
    kind: 'failed',
    code: code !== undefined && isRequestErrorCode(code) ? code : 'REQUEST_FAILED',
    message: error instanceof Error ? error.message : String(error),
  };
}
