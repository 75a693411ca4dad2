import type { OutgoingRequest } from '../../core/model/pulled';
import { exportCurl } from '../../core/pull/curlExport';
import { importCurl } from '../../core/pull/curlImport';
import { buildRequest } from '../../core/pull/draftRequest';
import { TokenCache, type TokenAnswer } from '../../core/pull/oauth2';
import { PullRefusal } from '../../core/pull/outcome';
import { unresolvedNames } from '../../core/pull/variables';
import type { DraftTools } from './draftTools';

/** Sends the OAuth 2.0 token request, with the panel's sender and settings (bounded by their timeout). */
export type TokenSender = (request: OutgoingRequest) => Promise<TokenAnswer>;

/** Problems listed in a refusal at most; the rest are counted. */
const MAX_PROBLEMS_SHOWN = 5;

/** The panel's draft logic on core/pull: variables, draft → request with auth (OAuth tokens cached), cURL. */
export function coreDraftTools(sendForToken: TokenSender): DraftTools {
  // One cache for every panel: a token is fetched once per token URL, client and scope until it nears its end.
  const tokens = new TokenCache(sendForToken);
  return {
    unresolved: (draft, context) => unresolvedNames(draft, context.environment),
    async prepare(draft, context) {
      const built = await buildRequest(draft, {
        environment: context.environment,
        secrets: (field) => context.secrets[field],
        tokens: (credentials) => tokens.token(credentials),
      });
      if (built.ok) return { request: built.request };
      const shown = built.problems.slice(0, MAX_PROBLEMS_SHOWN).map((p) => p.message);
      const more = built.problems.length - shown.length;
      throw new PullRefusal(
        'INVALID_DRAFT',
        `Not sent: ${shown.join(' ')}${more > 0 ? ` (and ${more} more problems)` : ''}`,
      );
    },
    importCurl: (text, draftId) => importCurl(text, draftId),
    exportCurl: (draft, context) => exportCurl(draft, { environment: context.environment }),
  };
}
