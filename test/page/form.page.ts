import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { PageHarness, violations, waitPosted } from './harness';

/** The request form driven as a person does: keyboard and mouse on the real controls, in Chromium. */
describe('request panel page: the form', function () {
  let harness: PageHarness;
  let page: Page;

  before(async function () {
    harness = await PageHarness.start();
  });
  after(async function () {
    await harness?.close();
  });
  beforeEach(async function () {
    page = await harness.open();
  });
  afterEach(async function () {
    assert.deepEqual(await violations(page), [], 'the page kept its Content-Security-Policy');
    await page.close();
  });

  const url = (): ReturnType<Page['locator']> => page.locator('vscode-textfield#url input');
  const paramRow = (n: number): ReturnType<Page['locator']> => page.locator(`#params tbody tr:nth-child(${n})`);

  it('works out the params table from the URL as it is typed, and writes edited rows back to it', async function () {
    await url().click();
    await url().pressSequentially('https://api.example.com/items?page=1&q={{term}}', { delay: 2 });
    await assert.doesNotReject(paramRow(2).waitFor());
    assert.equal(await paramRow(1).locator('.name-cell input').inputValue(), 'page');
    assert.equal(await paramRow(2).locator('.value-cell input').inputValue(), '{{term}}');

    await page.locator('[data-tab=params]').click();
    const value = paramRow(1).locator('.value-cell input');
    await value.fill('2 and more');
    assert.equal(await url().inputValue(), 'https://api.example.com/items?page=2+and+more&q={{term}}');

    // Switched off: out of the URL, still in the table.
    await paramRow(2).locator('vscode-checkbox').click();
    assert.equal(await url().inputValue(), 'https://api.example.com/items?page=2+and+more');
    assert.equal(await page.locator('#params tbody tr').count(), 2);
    const changed = await waitPosted(page, 'draft/changed', (m) => m.draft.url.endsWith('more'));
    assert.equal(changed.draft.url, 'https://api.example.com/items?page=2+and+more');

    // On again: back in the URL as it was typed.
    await paramRow(2).locator('vscode-checkbox').click();
    assert.equal(await url().inputValue(), 'https://api.example.com/items?page=2+and+more&q={{term}}');
  });
});
