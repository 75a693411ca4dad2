import * as assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OutgoingRequest } from '../../../src/core/model/pulled';
import {
  OAuth2Error,
  TokenCache,
  authorizationValue,
  fetchClientCredentialsToken,
  type ClientCredentials,
  type TokenAnswer,
} from '../../../src/core/pull/oauth2';
import { startServer } from '../helpers';

/** A tiny sender on Node's fetch, as the caller's undici sender would be. */
async function send(request: OutgoingRequest): Promise<TokenAnswer> {
  const body = request.body.kind === 'bytes' ? request.body.bytes : undefined;
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers.map(([n, v]) => [n, v]),
    body,
  });
  return {
    status: response.status,
    headers: [...response.headers],
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

interface Seen {
  authorization: string | undefined;
  contentType: string | undefined;
  form: URLSearchParams;
}

type Answer = (seen: Seen, res: ServerResponse) => void;

/** A real token endpoint on port 0: records each request and answers with `answer`. */
async function tokenServer(answer: Answer) {
  const seen: Seen[] = [];
  const server = await startServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const one = {
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
      };
      seen.push(one);
      answer(one, res);
    });
  });
  return { ...server, seen };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof value === 'string' ? value : JSON.stringify(value));
}

describe('core/pull/oauth2: client credentials against a real token server', () => {
  let server: Awaited<ReturnType<typeof tokenServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const credentials = (url: string, change: Partial<ClientCredentials> = {}): ClientCredentials => ({
    tokenUrl: `${url}/token`,
    clientId: 'my client',
    clientSecret: 's3cr+t:/',
    scope: 'read write',
    clientAuth: 'basic',
    ...change,
  });

  it('sends the client by Basic auth (form-encoded first) and reads the token', async () => {
    server = await tokenServer((_seen, res) =>
      json(res, 200, { access_token: 'tok-1', token_type: 'bearer', expires_in: 3600 }),
    );
    const token = await fetchClientCredentialsToken(credentials(server.url), send, { now: () => 1000 });
    assert.deepEqual(token, { accessToken: 'tok-1', tokenType: 'Bearer', expiresAt: 1000 + 3600 * 1000 });
    assert.equal(authorizationValue(token), 'Bearer tok-1');
    const [seen] = server.seen;
    assert.equal(seen?.contentType, 'application/x-www-form-urlencoded');
    const basic = Buffer.from((seen?.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
    assert.equal(basic, 'my+client:s3cr%2Bt%3A%2F');
    assert.deepEqual(
      [...(seen?.form ?? [])],
      [
        ['grant_type', 'client_credentials'],
        ['scope', 'read write'],
      ],
    );
  });

  it('sends the client in the body when asked, and no scope when it is empty', async () => {
    server = await tokenServer((_seen, res) => json(res, 200, { access_token: 'tok-2' }));
    const token = await fetchClientCredentialsToken(credentials(server.url, { clientAuth: 'body', scope: '' }), send);
    assert.deepEqual(token, { accessToken: 'tok-2', tokenType: 'Bearer' });
    const [seen] = server.seen;
    assert.equal(seen?.authorization, undefined);
    assert.deepEqual(
      [...(seen?.form ?? [])],
      [
        ['grant_type', 'client_credentials'],
        ['client_id', 'my client'],
        ['client_secret', 's3cr+t:/'],
      ],
    );
  });

  const failures: Array<[string, Answer, RegExp]> = [
    [
      'a 401 with an OAuth error',
      (_s, res) => json(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed' }),
      /^The token URL answered 401: invalid_client \(Client authentication failed\)\. Check the client ID/,
    ],
    ['a 500 without JSON', (_s, res) => json(res, 500, '<html>oops</html>'), /^The token URL answered 500\. Check/],
    [
      'an answer without access_token',
      (_s, res) => json(res, 200, { token_type: 'bearer' }),
      /without an access_token/,
    ],
    [
      'an answer that is not JSON',
      (_s, res) => json(res, 200, '<html>\u001b[31mlogin</html>'),
      /did not answer with a JSON object: it starts with "<html>\?\[31mlogin<\/html>"/,
    ],
    ['a JSON list', (_s, res) => json(res, 200, '[1]'), /did not answer with a JSON object/],
    ['a token with a line break', (_s, res) => json(res, 200, { access_token: 'a\r\nX: y' }), /cannot go in a header/],
    [
      'a token_type with a space',
      (_s, res) => json(res, 200, { access_token: 'a', token_type: 'Bearer x' }),
      /token_type that cannot go in a header/,
    ],
    [
      'a huge answer',
      (_s, res) => json(res, 200, JSON.stringify({ access_token: 'x'.repeat(1024 * 1024) })),
      /more than a token answer has/,
    ],
  ];
  for (const [name, answer, message] of failures) {
    it(`reports ${name} as a sentence`, async () => {
      server = await tokenServer(answer);
      await assert.rejects(fetchClientCredentialsToken(credentials(server.url), send), (error: unknown) => {
        assert.ok(error instanceof OAuth2Error);
        assert.equal(error.code, 'OAUTH2_TOKEN_FAILED');
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('asks for a token URL and a client ID before sending anything', async () => {
    await assert.rejects(fetchClientCredentialsToken(credentials('', { tokenUrl: ' ' }), send), /needs a token URL/);
    await assert.rejects(fetchClientCredentialsToken(credentials('http://x', { clientId: '' }), send), /client ID/);
  });

  it('reads expires_in written as a string, and ignores one that is not a number', async () => {
    let expires: unknown = '60';
    server = await tokenServer((_s, res) => json(res, 200, { access_token: 't', expires_in: expires }));
    const clock = { now: () => 0 };
    assert.equal((await fetchClientCredentialsToken(credentials(server.url), send, clock)).expiresAt, 60_000);
    expires = 'soon';
    assert.equal((await fetchClientCredentialsToken(credentials(server.url), send, clock)).expiresAt, undefined);
  });
});

describe('core/pull/oauth2: TokenCache', () => {
  let server: Awaited<ReturnType<typeof tokenServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reuses a token until 30 s before it expires, per token URL, client and scope', async () => {
    let issued = 0;
    server = await tokenServer((_s, res) => json(res, 200, { access_token: `t${++issued}`, expires_in: 100 }));
    let now = 0;
    const cache = new TokenCache(send, { now: () => now });
    const base: ClientCredentials = {
      tokenUrl: `${server.url}/token`,
      clientId: 'c',
      clientSecret: 's',
      scope: 'a',
      clientAuth: 'body',
    };
    assert.equal((await cache.token(base)).accessToken, 't1');
    now = 69_999;
    assert.equal((await cache.token(base)).accessToken, 't1');
    assert.equal((await cache.token({ ...base, scope: 'b' })).accessToken, 't2');
    assert.equal((await cache.token({ ...base, clientId: 'd' })).accessToken, 't3');
    now = 70_000;
    assert.equal((await cache.token(base)).accessToken, 't4');
    cache.forget(base);
    assert.equal((await cache.token(base)).accessToken, 't5');
    cache.clear();
    assert.equal((await cache.token({ ...base, scope: 'b' })).accessToken, 't6');
    assert.equal(server.seen.length, 6);
  });

  it('shares one fetch between callers at once, and keeps neither failures nor tokens without expiry', async () => {
    let issued = 0;
    let fail = true;
    server = await tokenServer((_s, res) =>
      fail ? json(res, 400, { error: 'invalid_scope' }) : json(res, 200, { access_token: `t${++issued}` }),
    );
    const cache = new TokenCache(send);
    const creds: ClientCredentials = {
      tokenUrl: `${server.url}/token`,
      clientId: 'c',
      clientSecret: 's',
      scope: '',
      clientAuth: 'basic',
    };
    await assert.rejects(cache.token(creds), /answered 400: invalid_scope/);
    fail = false;
    const [a, b] = await Promise.all([cache.token(creds), cache.token(creds)]);
    assert.equal(a.accessToken, 't1');
    assert.equal(b, a);
    assert.equal((await cache.token(creds)).accessToken, 't2');
    assert.equal(server.seen.length, 3);
  });
});
