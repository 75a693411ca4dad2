/**
 * The request panel's draft as the core reads it. `src/core` may not import `src/webview`, and the page may not
 * import the core, so this is the same shape as `RequestDraft` in `src/webview/requestPanel/panelProtocol.ts`,
 * written again: `test/unit/pull/draftShape.test.ts` fails to compile when the two drift apart.
 */

export interface DraftRow {
  readonly enabled: boolean;
  readonly name: string;
  readonly value: string;
}

export interface MultipartRow extends DraftRow {
  readonly kind: 'text' | 'file';
}

export type BodyMode = 'none' | 'json' | 'text' | 'xml' | 'form' | 'multipart' | 'binary' | 'graphql';

export interface BodyDraft {
  readonly mode: BodyMode;
  readonly text: string;
  readonly form: readonly DraftRow[];
  readonly multipart: readonly MultipartRow[];
  readonly file: string;
  readonly graphql: { readonly query: string; readonly variables: string };
}

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
      readonly clientAuth: 'basic' | 'body';
    };

export type SecretField = 'password' | 'token' | 'apiKeyValue' | 'clientSecret';

/** Looks up a secret of the draft (kept in SecretStorage by the caller); undefined when it is not set. */
export type SecretLookup = (field: SecretField) => string | undefined;

export interface SendOptionsDraft {
  readonly followRedirects: boolean;
  readonly allowInvalidCertificates: boolean;
}

export interface RequestDraft {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly headers: readonly DraftRow[];
  readonly body: BodyDraft;
  readonly auth: AuthDraft;
  readonly options: SendOptionsDraft;
}

export function emptyBody(): BodyDraft {
  return { mode: 'none', text: '', form: [], multipart: [], file: '', graphql: { query: '', variables: '' } };
}
