import type { AuthDraft, SecretField, SecretLookup } from './draft';
import type { DraftReader } from './draftProblems';
import { OAuth2Error, authorizationValue, type AccessToken, type ClientCredentials } from './oauth2';

/** Gets an OAuth 2.0 token for the client-credentials grant (a TokenCache's `token`, bound). */
export type TokenSource = (credentials: ClientCredentials) => Promise<AccessToken>;

/** What the auth tab adds: a header, or a query parameter for the URL. */
export type AuthAddition =
  | { readonly kind: 'none' }
  | { readonly kind: 'header'; readonly name: string; readonly value: string }
  | { readonly kind: 'query'; readonly name: string; readonly value: string };

const NOTHING: AuthAddition = { kind: 'none' };

const SECRET_NAMES: Readonly<Record<SecretField, string>> = {
  password: 'password',
  token: 'token',
  apiKeyValue: 'API key',
  clientSecret: 'client secret',
};

/**
 * What the auth tab adds, its fields and secrets resolved. `hasHeader` says whether the user set a header of that
 * name themselves: that header wins, and the auth tab adds nothing (no token is fetched).
 */
export async function buildAuth(
  auth: AuthDraft,
  secrets: SecretLookup,
  reader: DraftReader,
  hasHeader: (name: string) => boolean,
  tokens: TokenSource | undefined,
): Promise<AuthAddition> {
  const secret = (field: SecretField): string | undefined => {
    const value = secrets(field);
    if (value === undefined || value === '') {
      reader.problem(`auth.${field}`, `The ${SECRET_NAMES[field]} is not set.`);
      return undefined;
    }
    return reader.text(`auth.${field}`, value);
  };
  switch (auth.kind) {
    case 'none':
      return NOTHING;
    case 'basic': {
      if (hasHeader('authorization')) return NOTHING;
      const username = reader.text('auth.username', auth.username);
      if (username === '') reader.problem('auth.username', 'Basic auth needs a user name.');
      if (username.includes(':')) reader.problem('auth.username', 'A Basic auth user name cannot hold a colon (:).');
      const password = reader.text('auth.password', secrets('password') ?? '');
      const pair = Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
      return { kind: 'header', name: 'Authorization', value: `Basic ${pair}` };
    }
    case 'bearer': {
      if (hasHeader('authorization')) return NOTHING;
      const token = secret('token');
      return token === undefined ? NOTHING : { kind: 'header', name: 'Authorization', value: `Bearer ${token}` };
    }
    case 'apiKey': {
      const name = reader.text('auth.name', auth.name).trim();
      if (name === '') reader.problem('auth.name', 'The API key needs the name of its header or query parameter.');
      if (auth.in === 'header' && name !== '' && hasHeader(name.toLowerCase())) return NOTHING;
      const value = secret('apiKeyValue');
      return value === undefined || name === '' ? NOTHING : { kind: auth.in, name, value };
    }
    case 'oauth2':
      return hasHeader('authorization') ? NOTHING : oauth2(auth, secret, reader, tokens);
  }
}

async function oauth2(
  auth: Extract<AuthDraft, { kind: 'oauth2' }>,
  secret: (field: SecretField) => string | undefined,
  reader: DraftReader,
  tokens: TokenSource | undefined,
): Promise<AuthAddition> {
  const tokenUrl = reader.text('auth.tokenUrl', auth.tokenUrl).trim();
  const clientId = reader.text('auth.clientId', auth.clientId);
  const scope = reader.text('auth.scope', auth.scope);
  if (tokenUrl === '') reader.problem('auth.tokenUrl', 'OAuth 2.0 needs a token URL.');
  if (clientId === '') reader.problem('auth.clientId', 'OAuth 2.0 needs a client ID.');
  const clientSecret = secret('clientSecret');
  if (reader.problems.length > 0 || clientSecret === undefined) return NOTHING;
  if (!tokens) {
    reader.problem('auth', 'OAuth 2.0 tokens cannot be fetched from here.');
    return NOTHING;
  }
  try {
    const token = await tokens({ tokenUrl, clientId, clientSecret, scope, clientAuth: auth.clientAuth });
    return { kind: 'header', name: 'Authorization', value: authorizationValue(token) };
  } catch (error) {
    if (!(error instanceof OAuth2Error)) throw error;
    reader.problem('auth', error.message);
    return NOTHING;
  }
}
