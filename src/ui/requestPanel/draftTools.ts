import type { PreparedRequest } from '../../core/pull/session';
import type { RequestDraft, SecretField } from '../../webview/requestPanel/panelProtocol';
import type { Environment } from '../../core/pull/environments';

/** What a draft is resolved against: the selected environment (over `$shared`) and the draft's secrets. */
export interface DraftContext {
  readonly environment: Environment;
  readonly secrets: Partial<Record<SecretField, string>>;
}

/** A cURL command made into a draft; its secrets (a `-u` password, a token) come apart, to be stored. */
export interface ImportedCurl {
  readonly draft: RequestDraft;
  readonly ignored: readonly string[];
  readonly secrets: Partial<Record<SecretField, string>>;
}

/**
 * The pull side's draft logic (core/pull: variables, draft → request, OAuth tokens, cURL import and export), as the
 * panel uses it. Passed in by the composition root so the panel stays a thin adapter.
 */
export interface DraftTools {
  /** `{{names}}` the draft uses that the selected environment does not define. */
  unresolved(draft: RequestDraft, context: DraftContext): string[];
  /** The request to send; throws a PullRefusal (INVALID_DRAFT, UNRESOLVED_VARIABLES) naming what is wrong. */
  prepare(draft: RequestDraft, context: DraftContext, signal: AbortSignal): Promise<PreparedRequest>;
  /** Throws an Error whose message says what is wrong with the command. */
  importCurl(text: string, draftId: string): ImportedCurl;
  /** The draft as a `curl` command line; secrets as `$VARIABLE` placeholders. */
  exportCurl(draft: RequestDraft, context: DraftContext): string;
}
