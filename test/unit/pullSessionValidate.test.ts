import * as assert from 'node:assert/strict';
import { newDraft, type RequestDraft } from '../../src/webview/requestPanel/panelProtocol';
import {
  isPageMessage,
  isRequestDraft,
  MAX_CURL_CHARS,
  MAX_FIELD_CHARS,
  MAX_ROWS,
} from '../../src/webview/requestPanel/validate';

/** A draft using every part: rows, each body field, OAuth, options. */
function fullDraft(): RequestDraft {
  return {
    ...newDraft('d-1'),
    method: 'POST',
    url: 'https://{{host}}/items?q=1',
    headers: [{ enabled: true, name: 'Accept', value: 'application/json' }],
    body: {
      mode: 'multipart',
      text: '{"a":1}',
      form: [{ enabled: false, name: 'a', value: 'b' }],
      multipart: [{ enabled: true, name: 'file', value: '/tmp/x.png', kind: 'file' }],
      file: '',
      graphql: { query: '{ me { id } }', variables: '{}' },
    },
    auth: { kind: 'oauth2', tokenUrl: 'https://id.example/token', clientId: 'c', scope: 'read', clientAuth: 'body' },
    options: { followRedirects: false, allowInvalidCertificates: true },
  };
}

describe('The request panel protocol checks (validate.ts)', () => {
  it('takes a new draft and a full one, as the page makes them', () => {
    assert.ok(isRequestDraft(newDraft('abc')));
    assert.ok(isRequestDraft(fullDraft()));
    assert.ok(isRequestDraft(JSON.parse(JSON.stringify(fullDraft())) as unknown));
  });

  it('refuses a draft with a missing, extra or mistyped field', () => {
    const draft = fullDraft() as unknown as Record<string, unknown>;
    const withoutUrl = { ...draft };
    delete withoutUrl.url;
    assert.equal(isRequestDraft(withoutUrl), false);
    assert.equal(isRequestDraft({ ...draft, extra: 1 }), false);
    assert.equal(isRequestDraft({ ...draft, id: '' }), false);
    assert.equal(isRequestDraft({ ...draft, method: 7 }), false);
    assert.equal(isRequestDraft({ ...draft, headers: [{ enabled: 'yes', name: 'a', value: 'b' }] }), false);
    assert.equal(isRequestDraft({ ...draft, auth: { kind: 'basic', username: 'u', password: 'p' } }), false);
    assert.equal(isRequestDraft({ ...draft, auth: { kind: 'magic' } }), false);
    assert.equal(isRequestDraft({ ...draft, body: { ...fullDraft().body, mode: 'html' } }), false);
    assert.equal(isRequestDraft({ ...draft, options: { followRedirects: true } }), false);
    assert.equal(isRequestDraft(null), false);
    assert.equal(isRequestDraft([]), false);
  });

  it('bounds every string and list', () => {
    const draft = fullDraft();
    assert.equal(isRequestDraft({ ...draft, url: 'x'.repeat(MAX_FIELD_CHARS + 1) }), false);
    assert.ok(isRequestDraft({ ...draft, url: 'x'.repeat(MAX_FIELD_CHARS) }));
    const rows = Array.from({ length: MAX_ROWS + 1 }, () => ({ enabled: true, name: 'a', value: 'b' }));
    assert.equal(isRequestDraft({ ...draft, headers: rows }), false);
    assert.ok(isRequestDraft({ ...draft, headers: rows.slice(1) }));
  });

  it('refuses an object with another prototype (a class instance, a null-prototype map)', () => {
    const odd = Object.assign(Object.create(null) as object, newDraft('x'));
    assert.equal(isRequestDraft(odd), false);
  });

  it('takes each page message in its shape and refuses others', () => {
    const draft = fullDraft();
    const good: unknown[] = [
      { type: 'panel/ready' },
      { type: 'draft/changed', draft },
      { type: 'request/send', draft },
      { type: 'request/cancel' },
      { type: 'response/open' },
      { type: 'response/save' },
      { type: 'response/copy' },
      { type: 'auth/secret', field: 'token', value: 's3cret' },
      { type: 'environment/select', name: 'dev' },
      { type: 'curl/import', text: 'curl https://example.com' },
      { type: 'curl/copy', draft },
      { type: 'file/pick', purpose: 'binary' },
      { type: 'file/pick', purpose: 'multipart', row: 2 },
    ];
    for (const message of good) assert.ok(isPageMessage(message), JSON.stringify(message).slice(0, 200));
    const bad: unknown[] = [
      undefined,
      'panel/ready',
      { type: 'panel/ready', extra: true },
      { type: 'request/send' },
      { type: 'request/send', draft: { ...draft, url: 1 } },
      { type: 'auth/secret', field: 'username', value: 'x' },
      { type: 'auth/secret', field: 'token' },
      { type: 'curl/import', text: 'c'.repeat(MAX_CURL_CHARS + 1) },
      { type: 'file/pick', purpose: 'binary', row: -1 },
      { type: 'file/pick', purpose: 'binary', row: 1.5 },
      { type: 'file/pick', purpose: 'avatar' },
      { type: 'response/delete' },
    ];
    for (const message of bad) assert.equal(isPageMessage(message), false, JSON.stringify(message)?.slice(0, 200));
  });
});
