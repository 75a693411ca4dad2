import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { RequestDraft } from '../../src/webview/requestPanel/panelProtocol';
import { pagePerTest, postToPage, waitPosted } from './harness';

export const SAVED_DRAFT: RequestDraft = {
  id: 'panel-7',
  method: 'PATCH',
  url: '{{host}}/v1/orders/42?expand=items',
  headers: [
    { enabled: true, name: 'Accept', value: 'application/json' },
    { enabled: false, name: 'X-Debug', value: '1' },
  ],
  body: {
    mode: 'graphql',
    text: '',
    form: [],
    multipart: [],
    file: '',
    graphql: { query: 'query { order(id: 42) { id } }', variables: '{"id": 42}' },
  },
  auth: { kind: 'bearer' },
  options: { followRedirects: false, allowInvalidCertificates: true },
};

/** The draft comes back from the host and from the page's own saved state; cURL goes in and out. */
describe('request panel page: restore, environments and cURL', function () {
  let page: Page;
  pagePerTest((opened) => (page = opened));

  const url = (): ReturnType<Page['locator']> => page.locator('vscode-textfield#url input');

  it('fills the form from draft/restore, lists unresolved variables, and comes back the same after a reload', async function () {
    await postToPage(page, {
      type: 'draft/restore',
      draft: SAVED_DRAFT,
      context: { environments: ['dev', 'prod'], environment: 'dev', secretsSet: ['token'] },
    });
    await postToPage(page, { type: 'variables/unresolved', names: ['host'] });
    await page.locator('#unresolved', { hasText: '{{host}}' }).waitFor();
    assert.equal(await url().inputValue(), SAVED_DRAFT.url);
    assert.equal(await page.locator('#method').inputValue(), 'PATCH');
    assert.equal(await page.locator('#params tbody tr').count(), 1);
    assert.equal(await page.locator('#headers tbody tr.disabled').count(), 1);
    await page.locator('[data-tab=auth]').click();
    assert.equal(await page.locator('.secret-state.stored').count(), 1, 'the token is shown as stored');

    await page.locator('#environment').click();
    await page.locator('#environment').getByRole('option', { name: 'prod', exact: true }).click();
    assert.deepEqual(await waitPosted(page, 'environment/select'), { type: 'environment/select', name: 'prod' });

    const changed = await waitPosted(page, 'draft/changed');
    assert.deepEqual(changed.draft, SAVED_DRAFT, 'the draft the page holds is the one it was given');

    await page.reload();
    await waitPosted(page, 'panel/ready');
    assert.equal(await url().inputValue(), SAVED_DRAFT.url, 'the saved state fills the form before the host answers');
    await page.locator('[data-tab=body]').click();
    assert.equal(await page.locator('#graphql-query textarea').inputValue(), SAVED_DRAFT.body.graphql.query);
    await page.locator('vscode-textfield#url input').press('ControlOrMeta+Enter');
    const sent = await waitPosted(page, 'request/send');
    assert.deepEqual(sent.draft, SAVED_DRAFT);
  });

  it('imports a pasted curl command, names the flags it left out, and copies the draft as cURL', async function () {
    const command =
      'curl -X POST https://api.github.com/repos/o/r/issues -H \'Accept: application/vnd.github+json\' --compressed -d \'{"title":"x"}\'';
    await url().fill(command);
    assert.deepEqual(await waitPosted(page, 'curl/import'), { type: 'curl/import', text: command });
    await postToPage(page, {
      type: 'curl/imported',
      draft: { ...SAVED_DRAFT, id: 'other', method: 'POST', url: 'https://api.github.com/repos/o/r/issues' },
      ignored: ['--compressed'],
    });
    await page.locator('#curl-result', { hasText: '--compressed' }).waitFor();
    assert.equal(await url().inputValue(), 'https://api.github.com/repos/o/r/issues');
    assert.equal(await page.locator('#method').inputValue(), 'POST');

    await page.locator('vscode-button#open-curl').click();
    await page.locator('#curl-text textarea').fill('curl --bogus');
    await page.locator('vscode-button#curl-import').click();
    await waitPosted(page, 'curl/import', (m) => m.text === 'curl --bogus');
    await postToPage(page, { type: 'curl/failed', message: 'Unknown option --bogus' });
    await page.locator('#curl-result', { hasText: 'Unknown option --bogus' }).waitFor();
    assert.equal(await page.locator('#curl-text textarea').inputValue(), 'curl --bogus', 'what was pasted is kept');

    await page.locator('vscode-button#copy-curl').click();
    const copy = await waitPosted(page, 'curl/copy');
    assert.equal(copy.draft.url, 'https://api.github.com/repos/o/r/issues');
    assert.notEqual(copy.draft.id, 'other', 'the panel keeps its own id');
  });
});
