/**
 * The parts of the pull side that land from other branches (the history store, the pull sender, draft → request
 * and cURL): until they are merged, the panel says plainly that they are missing. Replaced as they land.
 */
import type { Logger } from '../../core/clock';
import type { ExchangeHistory } from '../../core/model/history';
import { PullRefusal } from '../../core/pull/outcome';
import type { PullSender, SessionSendOptions } from '../../core/pull/session';
import { unresolvedNames } from '../../core/pull/variables';
import type { DraftTools } from './draftTools';

const MISSING = 'This build of PushPull has no request sender yet.';

export function openRequestHistory(
  location: string,
  logger: Logger,
): { ready(): Promise<ExchangeHistory & { spillDir: string }>; location: string; dispose(): Promise<void> } {
  logger.info(`The request history will be kept in ${location}`);
  return { ready: () => Promise.reject(new Error(MISSING)), location, dispose: async () => undefined };
}

export const pendingSender: PullSender<SessionSendOptions> = () => Promise.reject(new Error(MISSING));

export const pendingDraftTools: DraftTools = {
  unresolved: (draft, context) => unresolvedNames(draft, context.environment),
  prepare: () => Promise.reject(new PullRefusal('INVALID_DRAFT', MISSING)),
  importCurl: () => {
    throw new Error(MISSING);
  },
  exportCurl: () => {
    throw new Error(MISSING);
  },
};
