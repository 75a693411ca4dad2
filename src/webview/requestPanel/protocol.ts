/** Messages between the request panel page and the extension host. Shared by both; imports nothing. */

export interface RequestDraft {
  readonly method: string;
  readonly url: string;
  /** One `Name: value` per line. */
  readonly headers: string;
  readonly body: string;
}

export interface ResponseView {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** Body as text (pretty JSON when it parses); the page shows it as text, never as HTML. */
  readonly body: string;
  /** Set when only the start of the body is in `body`: the whole opens in an editor (`response/open`). */
  readonly bodyCut?: { readonly shownChars: number; readonly totalChars: number };
  readonly size: number;
  readonly truncated: boolean;
  readonly firstByteMs: number;
  readonly totalMs: number;
}

export type PageToHost =
  | { readonly type: 'panel/ready' }
  | { readonly type: 'draft/changed'; readonly draft: RequestDraft }
  | { readonly type: 'request/send'; readonly draft: RequestDraft }
  | { readonly type: 'request/cancel' }
  | { readonly type: 'response/open' };

export type HostToPage =
  | { readonly type: 'draft/restore'; readonly draft: RequestDraft }
  | { readonly type: 'request/sending' }
  | { readonly type: 'response/show'; readonly response: ResponseView }
  | { readonly type: 'request/failed'; readonly code: string; readonly message: string };

export const emptyDraft: RequestDraft = { method: 'GET', url: 'https://', headers: '', body: '' };

export function isPageToHost(value: unknown): value is PageToHost {
  if (!value || typeof value !== 'object') return false;
  const message = value as { type?: unknown; draft?: unknown };
  if (message.type === 'panel/ready' || message.type === 'request/cancel' || message.type === 'response/open') {
    return true;
  }
  if (message.type !== 'request/send' && message.type !== 'draft/changed') return false;
  return isDraft(message.draft);
}

export function isDraft(value: unknown): value is RequestDraft {
  if (!value || typeof value !== 'object') return false;
  const d = value as Record<string, unknown>;
  return (
    typeof d.method === 'string' &&
    typeof d.url === 'string' &&
    typeof d.headers === 'string' &&
    typeof d.body === 'string'
  );
}
