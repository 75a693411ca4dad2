import type { Clock } from '../../core/clock';
import type { PullOptions } from '../../core/http/options';
import type { ExchangeHistory } from '../../core/model/history';
import type { ExchangeSource } from '../../core/model/pulled';
import { PullSession, type PreparedRequest, type PullSender } from '../../core/pull/session';
import type { SendOptionsDraft } from '../../webview/requestPanel/panelProtocol';
import { historyAddOptions } from '../history/settings';

/** What every pull session of the editor (request panels, `.http` files) is made with. */
export interface EditorSessionParts {
  /** The history, once it is open (a failure to open rejects with a sentence). */
  readonly history: () => Promise<ExchangeHistory>;
  readonly sender: () => PullSender<PullOptions>;
  /** The sender's options from the settings with a request's own redirect and certificate choices. */
  readonly senderOptions: (draft: { readonly options: SendOptionsDraft }) => Promise<Omit<PullOptions, 'signal'>>;
  readonly clock: Clock;
}

/**
 * A pull session on the shared sender and history: what it sends is recorded masked as the history settings say,
 * with the request's own secret values masked wherever they appear.
 */
export function editorPullSession<D>(
  parts: EditorSessionParts,
  source: ExchangeSource,
  prepare: (draft: D, signal: AbortSignal) => Promise<PreparedRequest>,
  choices: (draft: D) => SendOptionsDraft,
): PullSession<D, PullOptions> {
  return new PullSession<D, PullOptions>({
    prepare,
    sender: parts.sender,
    options: (draft) => parts.senderOptions({ options: choices(draft) }),
    record: async (exchange, options) => {
      const base = historyAddOptions();
      const secretValues = [...(base.secretValues ?? []), ...(options?.secretValues ?? [])];
      return (await parts.history()).add(exchange, { ...base, ...(secretValues.length ? { secretValues } : {}) });
    },
    clock: parts.clock,
    source,
  });
}
