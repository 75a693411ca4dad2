/**
 * Messages between a request panel's page and the extension host, and the draft the page edits. Shared by both
 * sides; imports nothing. Every message from the page is checked with `isPageMessage` before it is used.
 */

/** A row of a table (headers, form fields, multipart parts): disabled rows are kept in the draft, not sent. */
export interface DraftRow {
  readonly enabled: boolean;
  readonly name: string;
  readonly value: string;
}

/** A multipart part: text, or a file whose path is `value` (sent with its file name and a guessed type). */
export interface MultipartRow extends DraftRow {
  readonly kind: 'text' | 'file';
}

export type BodyMode = 'none' | 'json' | 'text' | 'xml' | 'form' | 'multipart' | 'binary' | 'graphql';

export interface BodyDraft {
  readonly mode: BodyMode;
  /** The text of json, text and xml bodies. */
  readonly text: string;
  readonly form: readonly DraftRow[];
  readonly multipart: readonly MultipartRow[];
  /** Path of the file sent as a binary body. */
  readonly file: string;
  readonly graphql: { readonly query: string; readonly variables: string };
}

/**
 * Authentication. Secret values (password, token, key value, client secret) are never in the draft: the page sends
 * them once with `auth/secret`, the host keeps them in SecretStorage under the draft's id, and the draft only says
 * which are set (`secretsSet` in `draft/restore`).
 */
export type AuthDraft =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly username: string }
  | { readonly kind: 'bearer' }
  | { readonly kind: 'apiKey'; readonly name: string; readonly in: 'header' | 'query' }
  | {
      readonly kind: 'oauth2';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly scope: string;
      /** How the client's credentials go to the token URL. */
      readonly clientAuth: 'basic' | 'body';
    };

/** Names of the secret fields `auth/secret` may set. */
export type SecretField = 'password' | 'token' | 'apiKeyValue' | 'clientSecret';

export interface SendOptionsDraft {
  readonly followRedirects: boolean;
  readonly allowInvalidCertificates: boolean;
}

export interface RequestDraft {
  /** Stable per panel: names the panel's secrets in SecretStorage. */
  readonly id: string;
  readonly method: string;
  /** The URL as typed, `{{variables}}` unresolved; the params table is worked out from it and written back to it. */
  readonly url: string;
  readonly headers: readonly DraftRow[];
  readonly body: BodyDraft;
  readonly auth: AuthDraft;
  readonly options: SendOptionsDraft;
}

export interface TimingsView {
  readonly dnsMs?: number;
  readonly connectMs?: number;
  readonly tlsMs?: number;
  readonly firstByteMs: number;
  readonly downloadMs: number;
  readonly totalMs: number;
  readonly reusedConnection: boolean;
}

export interface ResponseView {
  readonly exchangeId: string;
  readonly url: string;
  readonly status: number;
  /** The server's reason phrase, or the standard one for the status when the server sent none. */
  readonly statusText: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The body as text, pretty-printed when it is JSON or XML; the page shows it as text, never as HTML. */
  readonly pretty: string;
  /** The body as text as it came (decoded, not re-indented). */
  readonly raw: string;
  /** Set when only the start of the body is in `pretty`/`raw`: the whole opens in an editor or saves to disk. */
  readonly bodyCut?: { readonly shownBytes: number; readonly totalBytes: number };
  /** An image body as a `data:` URI (bounded size), shown under Preview; absent for anything else. */
  readonly image?: string;
  readonly contentType?: string;
  /** Bytes of the decoded body, and of the body as it came over the wire. */
  readonly size: number;
  readonly wireSize: number;
  readonly encoding?: string;
  readonly truncated: boolean;
  readonly timings: TimingsView;
  readonly redirects: ReadonlyArray<{ readonly status: number; readonly url: string }>;
}

/** What the page needs besides the draft: environments to pick from, and which secrets are set. */
export interface PanelContext {
  readonly environments: readonly string[];
  /** '' when none is selected (only `$shared` applies). */
  readonly environment: string;
  readonly secretsSet: readonly SecretField[];
}

export type PageMessage =
  | { readonly type: 'panel/ready' }
  | { readonly type: 'draft/changed'; readonly draft: RequestDraft }
  | { readonly type: 'request/send'; readonly draft: RequestDraft }
  | { readonly type: 'request/cancel' }
  | { readonly type: 'response/open' }
  | { readonly type: 'response/save' }
  | { readonly type: 'response/copy' }
  | { readonly type: 'auth/secret'; readonly field: SecretField; readonly value: string }
  | { readonly type: 'environment/select'; readonly name: string }
  | { readonly type: 'curl/import'; readonly text: string }
  | { readonly type: 'curl/copy'; readonly draft: RequestDraft }
  | { readonly type: 'file/pick'; readonly purpose: 'binary' | 'multipart'; readonly row?: number };

export type HostMessage =
  | { readonly type: 'draft/restore'; readonly draft: RequestDraft; readonly context: PanelContext }
  | { readonly type: 'context/changed'; readonly context: PanelContext }
  /** `{{names}}` the draft uses that the selected environment does not define (shown before sending). */
  | { readonly type: 'variables/unresolved'; readonly names: readonly string[] }
  | { readonly type: 'request/sending' }
  | { readonly type: 'response/show'; readonly response: ResponseView }
  | { readonly type: 'request/failed'; readonly code: string; readonly message: string }
  /** A cURL command became this draft; flags PushPull does not understand are named, not dropped silently. */
  | { readonly type: 'curl/imported'; readonly draft: RequestDraft; readonly ignored: readonly string[] }
  | { readonly type: 'curl/failed'; readonly message: string }
  | {
      readonly type: 'file/picked';
      readonly purpose: 'binary' | 'multipart';
      readonly row?: number;
      readonly path: string;
    }
  /** A short sentence for the page's status line (copied, saved, …). */
  | { readonly type: 'notice'; readonly message: string };

export const STANDARD_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export function emptyBody(): BodyDraft {
  return { mode: 'none', text: '', form: [], multipart: [], file: '', graphql: { query: '', variables: '' } };
}

export function newDraft(id: string): RequestDraft {
  return {
    id,
    method: 'GET',
    url: '',
    headers: [],
    body: emptyBody(),
    auth: { kind: 'none' },
    options: { followRedirects: true, allowInvalidCertificates: false },
  };
}
