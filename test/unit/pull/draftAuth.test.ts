import * as assert from 'node:assert/strict';
import type { OutgoingRequest } from '../../../src/core/model/pulled';
import { buildRequest } from '../../../src/core/pull/draftRequest';
import { TokenCache, type TokenAnswer } from '../../../src/core/pull/oauth2';
import { startServer } from '../helpers';
import { built, draftOf, options, problems } from './draftHelpers';

const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

describe('core/pull/draftRequest: auth', () => {
  it('adds Basic auth from the user name and the secret password, both resolved', async () => {
    const request = await built(
      draftOf({ auth: { kind: 'basic', username: '{{user}}' } }),
      options({ password: 'pä{{secretVar}}' }),
    );
    assert.deepEqual(request.headers, [['Authorization', basic('ada', 'päs3')]]);
    const noPassword = await built(draftOf({ auth: { kind: 'basic', username: 'ada' } }));
    assert.deepEqual(noPassword.headers, [['Authorization', basic('ada', '')]]);
  });

  it('refuses a Basic user name with a colon, or none', async () => {
    assert.deepEqual(await problems(draftOf({ auth: { kind: 'basic', username: 'a:b' } })), [
      ['auth.username', 'A Basic auth user name cannot hold a colon (:).'],
    ]);
    assert.deepEqual(await problems(draftOf({ auth: { kind: 'basic', username: '' } })), [
      ['auth.username', 'Basic auth needs a user name.'],
    ]);
  });

  it('adds a Bearer token from the secrets, and says when it is not set', async () => {
    const request = await built(draftOf({ auth: { kind: 'bearer' } }), options({ token: 'tok' }));
    assert.deepEqual(request.headers, [['Authorization', 'Bearer tok']]);
    assert.deepEqual(await problems(draftOf({ auth: { kind: 'bearer' } })), [['auth.token', 'The token is not set.']]);
    assert.deepEqual(await problems(draftOf({ auth: { kind: 'bearer' } }), options({ token: '{{gone}}' })), [
      ['auth.token', '{{gone}} is not defined in environment "dev" or $shared.'],
    ]);
  });

  it('lets an Authorization header the user set win over the auth tab', async () => {
    const headers = [{ enabled: true, name: 'authorization', value: 'Token mine' }];
    for (const auth of [{ kind: 'bearer' as const }, { kind: 'basic' as const, username: 'ada' }]) {
      const request = await built(draftOf({ headers, auth }), options({ token: 'tok', password: 'p' }));
      assert.deepEqual(request.headers, [['authorization', 'Token mine']]);
    }
    const disabled = [{ enabled: false, name: 'Authorization', value: 'Token mine' }];
    const request = await built(draftOf({ headers: disabled, auth: { kind: 'bearer' } }), options({ token: 'tok' }));
    assert.deepEqual(request.headers, [['Authorization', 'Bearer tok']]);
  });

  it('adds an API key as a header, unless the user set that header', async () => {
    const auth = { kind: 'apiKey' as const, name: 'X-Api-Key', in: 'header' as const };
    assert.deepEqual((await built(draftOf({ auth }), options({ apiKeyValue: 'k1' }))).headers, [['X-Api-Key', 'k1']]);
    const own = [{ enabled: true, name: 'x-api-key', value: 'mine' }];
    assert.deepEqual((await built(draftOf({ auth, headers: own }), options({ apiKeyValue: 'k1' }))).headers, [
      ['x-api-key', 'mine'],
    ]);
  });

  it('adds an API key to the query, encoded, before the fragment', async () => {
    const auth = { kind: 'apiKey' as const, name: 'api key', in: 'query' as const };
    const request = await built(
      draftOf({ url: 'https://{{host}}/p?a=1#frag', auth }),
      options({ apiKeyValue: 'a/b&c' }),
    );
    assert.equal(request.url, 'https://api.example.com/p?a=1&api%20key=a%2Fb%26c#frag');
    assert.deepEqual(request.headers, []);
  });

  it('asks for the API key name and value', async () => {
    assert.deepEqual(await problems(draftOf({ auth: { kind: 'apiKey', name: ' ', in: 'query' } })), [
      ['auth.name', 'The API key needs the name of its header or query parameter.'],
      ['auth.apiKeyValue', 'The API key is not set.'],
    ]);
  });
});

describe('core/pull/draftRequest: OAuth 2.0 client credentials', () => {
  let server: { url: string; close(): Promise<void> } | undefined;
  let requests = 0;
  let status = 200;
  beforeEach(async () => {
    requests = 0;
    status = 200;
    server = await startServer((req, res) => {
      requests++;
      req.resume();
      req.on('end', () => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            status === 200 ? { access_token: `t${requests}`, expires_in: 600 } : { error: 'invalid_client' },
          ),
        );
      });
    });
  });
  afterEach(async () => {
    await server?.close();
  });

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

  const oauth = (tokenUrl: string) =>
    draftOf({
      auth: { kind: 'oauth2', tokenUrl, clientId: '{{user}}', scope: 'read', clientAuth: 'body' },
    });

  it('fetches a token once and sends it as a Bearer header', async () => {
    const cache = new TokenCache(send);
    const opts = options({ clientSecret: 'cs' }, { tokens: (c) => cache.token(c) });
    const first = await built(oauth(`${server?.url}/token`), opts);
    const second = await built(oauth(`${server?.url}/token`), opts);
    assert.deepEqual(first.headers, [['Authorization', 'Bearer t1']]);
    assert.deepEqual(second.headers, [['Authorization', 'Bearer t1']]);
    assert.equal(requests, 1);
  });

  it("reports the token endpoint's refusal as a problem of the auth tab", async () => {
    status = 401;
    const cache = new TokenCache(send);
    assert.deepEqual(
      await problems(oauth(`${server?.url}/token`), options({ clientSecret: 'cs' }, { tokens: (c) => cache.token(c) })),
      [['auth', 'The token URL answered 401: invalid_client. Check the client ID, secret, scope and URL.']],
    );
  });

  it('fetches no token while anything else is wrong, or when the user set Authorization', async () => {
    const cache = new TokenCache(send);
    const opts = options({ clientSecret: 'cs' }, { tokens: (c) => cache.token(c) });
    const broken = { ...oauth(`${server?.url}/token`), url: '' };
    assert.deepEqual(await problems(broken, opts), [['url', 'Enter the URL to send the request to.']]);
    const own = { ...oauth(`${server?.url}/token`), headers: [{ enabled: true, name: 'Authorization', value: 'x' }] };
    assert.deepEqual((await built(own, opts)).headers, [['Authorization', 'x']]);
    assert.deepEqual(await problems(oauth(`${server?.url}/token`), options({}, { tokens: (c) => cache.token(c) })), [
      ['auth.clientSecret', 'The client secret is not set.'],
    ]);
    assert.equal(requests, 0);
  });

  it('asks for the token URL and client ID, and for a way to fetch tokens', async () => {
    const draft = draftOf({ auth: { kind: 'oauth2', tokenUrl: '', clientId: '', scope: '', clientAuth: 'basic' } });
    assert.deepEqual(await problems(draft, options({ clientSecret: 'cs' })), [
      ['auth.tokenUrl', 'OAuth 2.0 needs a token URL.'],
      ['auth.clientId', 'OAuth 2.0 needs a client ID.'],
    ]);
    const result = await buildRequest(oauth(`${server?.url}/token`), options({ clientSecret: 'cs' }));
    assert.deepEqual(!result.ok && result.problems, [
      { field: 'auth', message: 'OAuth 2.0 tokens cannot be fetched from here.' },
    ]);
  });

  it('lets a failure to reach the token URL through as the sender threw it', async () => {
    const closed = server?.url ?? '';
    await server?.close();
    server = undefined;
    const cache = new TokenCache(send);
    await assert.rejects(
      buildRequest(oauth(`${closed}/token`), options({ clientSecret: 'cs' }, { tokens: (c) => cache.token(c) })),
      TypeError,
    );
  });
});
