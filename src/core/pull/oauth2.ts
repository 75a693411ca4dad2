import { systemClock, type Clock } from '../clock';
import { PushPullError } from '../errors';
import type { OutgoingRequest } from '../model/pulled';
import { unsafeChars } from '../unsafeChars';

/** What the caller's sender gives back for the token request. */
export interface TokenAnswer {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Uint8Array;
}

/** Sends one request (the caller's sender: core/pull does not load undici itself). */
export type SendForToken = (request: OutgoingRequest) => Promise<TokenAnswer>;

export interface ClientCredentials {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Space-separated scopes; '' sends none. */
  readonly scope: string;
  /** `basic`: an `Authorization: Basic` header (RFC 6749 2.3.1); `body`: client_id and client_secret in the form. */
  readonly clientAuth: 'basic' | 'body';
}

export interface AccessToken {
  readonly accessToken: string;
  /** As the server named it; `bearer` in any case is written `Bearer`. */
  readonly tokenType: string;
  /** ms since the epoch when it expires; undefined when the server did not say. */
  readonly expiresAt?: number;
}

export class OAuth2Error extends PushPullError {
  constructor(message: string, cause?: unknown) {
    super('OAUTH2_TOKEN_FAILED', message, { cause });
  }
}

/** Token answers larger than this are not read. */
export const MAX_TOKEN_ANSWER_BYTES = 1024 * 1024;
/** A cached token is fetched again this long before it expires. */
export const TOKEN_EARLY_MS = 30_000;

/** The `Authorization` header value for a token. */
export function authorizationValue(token: AccessToken): string {
  return `${token.tokenType} ${token.accessToken}`;
}

/** The token request as it is sent: a form POST with grant_type=client_credentials. */
export function tokenRequest(credentials: ClientCredentials): OutgoingRequest {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (credentials.scope.trim() !== '') form.set('scope', credentials.scope.trim());
  const headers: Array<[string, string]> = [
    ['Content-Type', 'application/x-www-form-urlencoded'],
    ['Accept', 'application/json'],
  ];
  if (credentials.clientAuth === 'basic') {
    const pair = `${formEncode(credentials.clientId)}:${formEncode(credentials.clientSecret)}`;
    headers.push(['Authorization', `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`]);
  } else {
    form.set('client_id', credentials.clientId);
    form.set('client_secret', credentials.clientSecret);
  }
  return {
    method: 'POST',
    url: credentials.tokenUrl,
    headers,
    body: { kind: 'bytes', bytes: Buffer.from(form.toString(), 'utf8') },
  };
}

/** Fetches a token with the client-credentials grant; an OAuth2Error with a sentence when there is none. */
export async function fetchClientCredentialsToken(
  credentials: ClientCredentials,
  send: SendForToken,
  clock: Clock = systemClock,
): Promise<AccessToken> {
  if (credentials.tokenUrl.trim() === '') throw new OAuth2Error('OAuth 2.0 needs a token URL.');
  if (credentials.clientId === '') throw new OAuth2Error('OAuth 2.0 needs a client ID.');
  const sentAt = clock.now();
  const answer = await send(tokenRequest(credentials));
  return readTokenAnswer(answer, sentAt);
}

/** Reads a token endpoint's answer; `sentAt` (ms) is when the request went, from which `expires_in` counts. */
export function readTokenAnswer(answer: TokenAnswer, sentAt: number): AccessToken {
  const from = 'The token URL';
  if (answer.body.length > MAX_TOKEN_ANSWER_BYTES) {
    throw new OAuth2Error(`${from} answered with ${answer.body.length} bytes, more than a token answer has.`);
  }
  const text = Buffer.from(answer.body).toString('utf8');
  const json = parseObject(text);
  if (answer.status < 200 || answer.status > 299) {
    const reason = json ? oauthReason(json) : '';
    throw new OAuth2Error(
      `${from} answered ${answer.status}${reason ? `: ${reason}` : ''}. Check the client ID, secret, scope and URL.`,
    );
  }
  if (!json) throw new OAuth2Error(`${from} did not answer with a JSON object: it starts with "${shown(text, 60)}".`);
  const token = json['access_token'];
  if (typeof token !== 'string' || token === '') {
    throw new OAuth2Error(`${from} answered without an access_token.`);
  }
  if (/[\0\r\n]/.test(token)) throw new OAuth2Error(`${from} answered an access_token that cannot go in a header.`);
  const type = typeof json['token_type'] === 'string' && json['token_type'] !== '' ? json['token_type'] : 'Bearer';
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(type)) {
    throw new OAuth2Error(`${from} answered a token_type that cannot go in a header: "${shown(type, 40)}".`);
  }
  const seconds = expiresIn(json['expires_in']);
  return {
    accessToken: token,
    tokenType: type.toLowerCase() === 'bearer' ? 'Bearer' : type,
    ...(seconds === undefined ? {} : { expiresAt: sentAt + seconds * 1000 }),
  };
}

/**
 * Tokens by (token URL, client ID, scope), each reused until 30 s before it expires; one without `expires_in` is
 * not kept. Callers waiting for the same token share one fetch; a failed fetch is not kept.
 */
export class TokenCache {
  private readonly tokens = new Map<string, AccessToken>();
  private readonly fetching = new Map<string, Promise<AccessToken>>();

  constructor(
    private readonly send: SendForToken,
    private readonly clock: Clock = systemClock,
  ) {}

  async token(credentials: ClientCredentials): Promise<AccessToken> {
    const key = cacheKey(credentials);
    const kept = this.tokens.get(key);
    if (kept?.expiresAt !== undefined && this.clock.now() < kept.expiresAt - TOKEN_EARLY_MS) return kept;
    this.tokens.delete(key);
    const running = this.fetching.get(key);
    if (running) return running;
    const fetching = fetchClientCredentialsToken(credentials, this.send, this.clock);
    this.fetching.set(key, fetching);
    try {
      const token = await fetching;
      if (token.expiresAt !== undefined) this.tokens.set(key, token);
      return token;
    } finally {
      this.fetching.delete(key);
    }
  }

  /** Drops the kept token (after a 401, or when the client secret changed). */
  forget(credentials: Pick<ClientCredentials, 'tokenUrl' | 'clientId' | 'scope'>): void {
    this.tokens.delete(cacheKey(credentials));
  }

  clear(): void {
    this.tokens.clear();
  }
}

function cacheKey(credentials: Pick<ClientCredentials, 'tokenUrl' | 'clientId' | 'scope'>): string {
  return JSON.stringify([credentials.tokenUrl, credentials.clientId, credentials.scope.trim()]);
}

/** RFC 6749 2.3.1: the client ID and secret are form-encoded before they are joined and base64-encoded. */
function formEncode(text: string): string {
  return new URLSearchParams({ v: text }).toString().slice(2);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function oauthReason(json: Record<string, unknown>): string {
  const error = typeof json['error'] === 'string' ? shown(json['error'], 60) : '';
  const description = typeof json['error_description'] === 'string' ? shown(json['error_description'], 200) : '';
  return [error, description && `(${description})`].filter((part) => part !== '').join(' ');
}

function expiresIn(value: unknown): number | undefined {
  const seconds = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

const UNSAFE = unsafeChars();

/** Text from the network, made safe to show in one line and cut to `max` characters. */
function shown(text: string, max: number): string {
  const cut = [...text.slice(0, max * 2)].slice(0, max).join('');
  return cut.replace(UNSAFE, '?') + (cut.length < text.length ? '…' : '');
}
