import * as assert from 'node:assert/strict';
import type { BodyDraft, RequestDraft } from '../../../src/core/pull/draft';
import { exportCurl, quote } from '../../../src/core/pull/curlExport';
import { importCurl } from '../../../src/core/pull/curlImport';
import { readEnvironments } from '../../../src/core/pull/environments';
import { emptyBody, newDraft } from '../../../src/webview/requestPanel/panelProtocol';

const on = (name: string, value: string) => ({ enabled: true, name, value });
const body = (change: Partial<BodyDraft>): BodyDraft => ({ ...emptyBody(), ...change });
const draft = (change: Partial<RequestDraft>): RequestDraft => ({
  ...newDraft('round'),
  url: 'https://api.example.com/items?q=a%20b&x=1',
  options: { followRedirects: false, allowInvalidCertificates: false },
  ...change,
});

/** Drafts that a curl command carries whole. */
export const ROUND_TRIP: Array<[string, RequestDraft]> = [
  [
    'a GET with headers, redirects followed and certificates not checked',
    draft({
      headers: [
        on('Accept', 'application/vnd.github+json'),
        on('X-Empty', ''),
        on('X-Quote', `it's "quoted" $HOME \`x\` \\ end`),
      ],
      options: { followRedirects: true, allowInvalidCertificates: true },
    }),
  ],
  [
    'a JSON POST',
    draft({
      method: 'POST',
      body: body({ mode: 'json', text: '{\n  "name": "Jenny Rosen",\n  "n": 12345678901234567890\n}' }),
    }),
  ],
  ['a JSON PUT', draft({ method: 'PUT', body: body({ mode: 'json', text: '[1, 2]' }) })],
  ['an XML body', draft({ method: 'POST', body: body({ mode: 'xml', text: "<a b='1'>é</a>" }) })],
  [
    'a text body with a tab and a carriage return',
    draft({ method: 'POST', body: body({ mode: 'text', text: 'line\tone\r\nline two' }) }),
  ],
  [
    'a form',
    draft({
      method: 'POST',
      body: body({ mode: 'form', form: [on('name', 'Jenny Rosen'), on('q', 'a&b=c/é+'), on('metadata[id]', '')] }),
    }),
  ],
  [
    'multipart text and file parts',
    draft({
      method: 'POST',
      body: body({
        mode: 'multipart',
        multipart: [
          { enabled: true, kind: 'text', name: 'title', value: 'Hello, world' },
          { enabled: true, kind: 'text', name: 'at', value: '@not-a-file;x' },
          { enabled: true, kind: 'file', name: 'file', value: '/path/to/a/file.jpg' },
        ],
      }),
    }),
  ],
  ['a binary file', draft({ method: 'POST', body: body({ mode: 'binary', file: '/tmp/some file.bin' }) })],
  [
    'GraphQL with variables',
    draft({
      method: 'POST',
      body: body({
        mode: 'graphql',
        graphql: { query: 'query ($id: ID!) { node(id: $id) { id } }', variables: '{"id": "x", "n": 1.50}' },
      }),
    }),
  ],
  [
    'GraphQL without variables',
    draft({
      method: 'POST',
      body: body({ mode: 'graphql', graphql: { query: '{ viewer { login } }', variables: '' } }),
    }),
  ],
  ['Basic auth', draft({ auth: { kind: 'basic', username: 'sk_test_123' } })],
  ['Bearer auth', draft({ auth: { kind: 'bearer' } })],
  ['a HEAD', draft({ method: 'HEAD' })],
  ['a DELETE', draft({ method: 'DELETE' })],
  ['a POST without a body', draft({ method: 'POST' })],
  [
    'a custom method with a body and its own Content-Type',
    draft({
      method: 'PURGE',
      headers: [on('Content-Type', 'application/vnd.api+json')],
      body: body({ mode: 'json', text: '{"a":1}' }),
    }),
  ],
  ['a URL with brackets', draft({ url: 'https://api.stripe.com/v1/charges?expand[]=customer&{x}' })],
  ['a URL without a scheme', draft({ url: 'api.example.com/items' })],
  ['a loopback URL without a scheme', draft({ url: 'localhost:3000/echo' })],
  ['{{variables}} left as written', draft({ url: 'https://{{host}}/x', headers: [on('X-Id', '{{id}}')] })],
];

describe('core/pull/curlExport: a draft as a curl command', () => {
  for (const [name, original] of ROUND_TRIP) {
    it(`comes back as the same draft through importCurl: ${name}`, () => {
      const command = exportCurl(original);
      const back = importCurl(command, original.id);
      assert.deepEqual(back.draft, original, command);
      assert.deepEqual(back.ignored, [], command);
    });
  }

  it('writes secrets as shell variables by default, and their values when asked', () => {
    const basic = draft({ auth: { kind: 'basic', username: 'ada' } });
    assert.equal(exportCurl(basic), `curl 'https://api.example.com/items?q=a%20b&x=1' \\\n  -u ada:"$PASSWORD"`);
    const secrets = (field: string) => (field === 'password' ? "pa ss'" : undefined);
    assert.equal(exportCurl(basic, { secrets, showSecrets: true }).split('\n')[1], `  -u ada:'pa ss'\\'''`);
    assert.deepEqual(importCurl(exportCurl(basic, { secrets, showSecrets: true }), 'round').secrets, {
      password: "pa ss'",
    });
    assert.match(exportCurl(draft({ auth: { kind: 'bearer' } })), /--oauth2-bearer "\$TOKEN"$/);
    assert.match(exportCurl(basic, { secrets }), /"\$PASSWORD"/);
  });

  it('writes an API key as the header or query parameter it sends', () => {
    const header = exportCurl(draft({ auth: { kind: 'apiKey', name: 'X-Api-Key', in: 'header' } }));
    assert.match(header, /-H 'X-Api-Key: '"\$API_KEY"$/);
    const query = exportCurl(
      draft({ url: 'https://h/p?x=1#top', auth: { kind: 'apiKey', name: 'api key', in: 'query' } }),
    );
    assert.equal(query, `curl 'https://h/p?x=1&api%20key='"$API_KEY"`);
    const shown = exportCurl(draft({ url: 'https://h/p', auth: { kind: 'apiKey', name: 'k', in: 'query' } }), {
      secrets: () => 'a&b',
      showSecrets: true,
    });
    assert.equal(shown, `curl 'https://h/p?k=a%26b'`);
    const oauth = exportCurl(
      draft({ auth: { kind: 'oauth2', tokenUrl: 'https://t', clientId: 'c', scope: '', clientAuth: 'body' } }),
    );
    assert.match(oauth, /-H 'Authorization: Bearer '"\$ACCESS_TOKEN"$/);
  });

  it('lets an Authorization header the user set win over the auth tab', () => {
    const command = exportCurl(draft({ headers: [on('Authorization', 'Token mine')], auth: { kind: 'bearer' } }));
    assert.doesNotMatch(command, /oauth2-bearer/);
    assert.match(command, /-H 'Authorization: Token mine'/);
  });

  it('resolves variables when given an environment, and leaves what it cannot resolve', () => {
    const environment = readEnvironments({ dev: { host: 'h.example', loop: '{{loop}}' } }).select('dev');
    const command = exportCurl(draft({ url: 'https://{{host}}/{{missing}}', headers: [on('X', '{{loop}}')] }), {
      environment,
    });
    assert.equal(command, `curl 'https://h.example/{{missing}}' -g \\\n  -H 'X: {{loop}}'`);
  });

  it("turns off curl's URL ranges for brackets, and says https where PushPull would use it", () => {
    assert.equal(exportCurl(draft({ url: 'https://h/?a[]=1' })), `curl 'https://h/?a[]=1' -g`);
    assert.equal(exportCurl(draft({ url: 'h.example/x' })), 'curl h.example/x --proto-default https');
    assert.equal(exportCurl(draft({ url: '127.0.0.1:8080/x' })), 'curl 127.0.0.1:8080/x');
  });

  it('skips disabled rows and blank ones', () => {
    const command = exportCurl(
      draft({ headers: [{ enabled: false, name: 'X-Off', value: '1' }, on('', ''), on('A', 'b')] }),
    );
    assert.equal(command, `curl 'https://api.example.com/items?q=a%20b&x=1' \\\n  -H 'A: b'`);
  });
});

describe('core/pull/curlExport: quote', () => {
  it('leaves safe words bare and single-quotes the rest', () => {
    assert.equal(quote('https://h/p'), 'https://h/p');
    assert.equal(quote(''), "''");
    assert.equal(quote('a b'), "'a b'");
    assert.equal(quote("it's"), `'it'\\''s'`);
    assert.equal(quote('$HOME `x` *'), "'$HOME `x` *'");
    assert.equal(quote('a\tb\x1bc\nd'), `'a'$'\\x09''b'$'\\x1b''c\nd'`);
  });
});
