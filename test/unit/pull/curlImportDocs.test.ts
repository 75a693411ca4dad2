import * as assert from 'node:assert/strict';
import type { BodyDraft } from '../../../src/core/pull/draft';
import { importCurl, type CurlImport } from '../../../src/core/pull/curlImport';
import { emptyBody } from '../../../src/webview/requestPanel/panelProtocol';

const on = (name: string, value: string) => ({ enabled: true, name, value });
const body = (change: Partial<BodyDraft>): BodyDraft => ({ ...emptyBody(), ...change });

describe("core/pull/curlImport: commands from GitHub's REST API docs", () => {
  it('reads "List repository issues" (-L, headers, Bearer token kept out of the draft)', () => {
    const result = importCurl(
      `curl -L \\
  -H "Accept: application/vnd.github+json" \\
  -H "Authorization: Bearer <YOUR-TOKEN>" \\
  -H "X-GitHub-Api-Version: 2022-11-28" \\
  https://api.github.com/repos/OWNER/REPO/issues`,
      'panel-1',
    );
    assert.deepEqual(result, {
      draft: {
        id: 'panel-1',
        method: 'GET',
        url: 'https://api.github.com/repos/OWNER/REPO/issues',
        headers: [on('Accept', 'application/vnd.github+json'), on('X-GitHub-Api-Version', '2022-11-28')],
        body: emptyBody(),
        auth: { kind: 'bearer' },
        options: { followRedirects: true, allowInvalidCertificates: false },
      },
      ignored: [],
      secrets: { token: '<YOUR-TOKEN>' },
    } satisfies CurlImport);
  });

  it("reads \"Create an issue\" (-X POST, JSON data with a quote written as '\\'')", () => {
    const result = importCurl(
      `curl -L \\
  -X POST \\
  -H "Accept: application/vnd.github+json" \\
  -H "Authorization: Bearer <YOUR-TOKEN>" \\
  -H "X-GitHub-Api-Version: 2022-11-28" \\
  https://api.github.com/repos/OWNER/REPO/issues \\
  -d '{"title":"Found a bug","body":"I'\\''m having a problem with this.","assignees":["octocat"],"milestone":1,"labels":["bug"]}'`,
      'p',
    );
    assert.equal(result.draft.method, 'POST');
    assert.deepEqual(
      result.draft.body,
      body({
        mode: 'json',
        text: '{"title":"Found a bug","body":"I\'m having a problem with this.","assignees":["octocat"],"milestone":1,"labels":["bug"]}',
      }),
    );
    assert.deepEqual(result.ignored, []);
  });

  it("reads the GraphQL docs' query, written over lines inside double quotes, as a GraphQL body", () => {
    const result = importCurl(
      `curl -H "Authorization: bearer TOKEN" -X POST -d " \\
 { \\
   \\"query\\": \\"query { viewer { login }}\\" \\
 } \\
" https://api.github.com/graphql`,
      'p',
    );
    assert.deepEqual(
      result.draft.body,
      body({ mode: 'graphql', graphql: { query: 'query { viewer { login }}', variables: '' } }),
    );
    assert.deepEqual(
      [result.draft.method, result.draft.url, result.draft.auth],
      ['POST', 'https://api.github.com/graphql', { kind: 'bearer' }],
    );
    assert.deepEqual(result.secrets, { token: 'TOKEN' });
  });
});

describe("core/pull/curlImport: commands from Stripe's API docs", () => {
  it('reads "Create a customer" (-u key:, -d and --data-urlencode as a form)', () => {
    const result = importCurl(
      `curl https://api.stripe.com/v1/customers \\
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \\
  -d name="Jenny Rosen" \\
  --data-urlencode email="jennyrosen@example.com"`,
      'p',
    );
    assert.deepEqual(result.draft.auth, { kind: 'basic', username: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc' });
    assert.deepEqual(result.secrets, { password: '' });
    assert.equal(result.draft.method, 'POST');
    assert.deepEqual(result.draft.headers, []);
    assert.deepEqual(
      result.draft.body,
      body({ mode: 'form', form: [on('name', 'Jenny Rosen'), on('email', 'jennyrosen@example.com')] }),
    );
  });

  it('reads "Create a charge" with bracketed names', () => {
    const result = importCurl(
      `curl https://api.stripe.com/v1/charges \\
  -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: \\
  -d amount=2000 \\
  -d currency=usd \\
  -d source=tok_mastercard \\
  -d "metadata[order_id]"=6735 \\
  -d "expand[]"=customer`,
      'p',
    );
    assert.deepEqual(result.draft.body.form, [
      on('amount', '2000'),
      on('currency', 'usd'),
      on('source', 'tok_mastercard'),
      on('metadata[order_id]', '6735'),
      on('expand[]', 'customer'),
    ]);
  });

  it('reads "List customers" and "Search customers" (-G puts the data in the query)', () => {
    const list = importCurl(
      `curl -G https://api.stripe.com/v1/customers \\\n  -u "sk_test_123:" \\\n  -d limit=3`,
      'p',
    );
    assert.deepEqual(
      [list.draft.method, list.draft.url, list.draft.body.mode],
      ['GET', 'https://api.stripe.com/v1/customers?limit=3', 'none'],
    );
    const search = importCurl(
      `curl -G https://api.stripe.com/v1/customers/search \\
  -u "sk_test_123:" \\
  --data-urlencode query="name:'Jane Doe' AND metadata['foo']:'bar'"`,
      'p',
    );
    assert.equal(
      search.draft.url,
      'https://api.stripe.com/v1/customers/search?query=name%3A%27Jane%20Doe%27%20AND%20metadata%5B%27foo%27%5D%3A%27bar%27',
    );
  });

  it('reads "Create a file" (-F with an @file part) as multipart', () => {
    const result = importCurl(
      `curl https://files.stripe.com/v1/files \\
  -u sk_test_123: \\
  -F purpose=dispute_evidence \\
  -F file="@/path/to/a/file.jpg"`,
      'p',
    );
    assert.deepEqual(
      result.draft.body,
      body({
        mode: 'multipart',
        multipart: [
          { enabled: true, kind: 'text', name: 'purpose', value: 'dispute_evidence' },
          { enabled: true, kind: 'file', name: 'file', value: '/path/to/a/file.jpg' },
        ],
      }),
    );
  });
});
