import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { pagePerTest, postToPage, waitPosted } from './harness';

/** The request form driven as a person does: keyboard and mouse on the real controls, in Chromium. */
describe('request panel page: the form', function () {
  let page: Page;
  pagePerTest((opened) => (page = opened));

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

  it('sends headers, a JSON body and Basic auth with Ctrl+Enter, the password only through auth/secret', async function () {
    await url().click();
    await url().pressSequentially('https://api.example.com/items', { delay: 2 });

    // Method: any text, the standard ones suggested.
    await page.locator('#method').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('post');

    await page.locator('[data-tab=headers]').click();
    await page.getByRole('button', { name: 'Add header' }).click();
    const header = page.locator('#headers tbody tr').first();
    await header.locator('input.name-cell').pressSequentially('Accept', { delay: 2 });
    await header.locator('.value-cell input').fill('application/json');
    await page.getByRole('button', { name: 'Add header' }).click();
    const second = page.locator('#headers tbody tr').nth(1);
    await second.locator('input.name-cell').fill('X-Off');
    await second.locator('vscode-checkbox').click();

    await page.locator('[data-tab=body]').click();
    await chooseOption(page, '#body-mode', 'JSON');
    const body = page.locator('#body-text textarea');
    await body.fill('{"name": "widget",\n "count": 2,}');
    await assert.doesNotReject(page.locator('#json-problem', { hasText: /^Line 2, column \d+: / }).waitFor());
    await body.fill('{"name":"widget","count":12345678901234567890}');
    assert.equal(await page.locator('#json-problem').textContent(), '');
    await page.locator('#body-format').click();
    assert.equal(await body.inputValue(), '{\n  "name": "widget",\n  "count": 12345678901234567890\n}');

    await page.locator('[data-tab=auth]').click();
    await chooseOption(page, '#auth-kind', 'Basic');
    await page.locator('#auth-username input').fill('ada');
    const password = page.locator('#secret-password input');
    await password.fill('s3cret-pw');
    await password.press('Tab');
    const secret = await waitPosted(page, 'auth/secret');
    assert.deepEqual(secret, { type: 'auth/secret', field: 'password', value: 's3cret-pw' });
    assert.equal(await password.inputValue(), '', 'the password box is cleared once the host has it');
    assert.equal(
      await page.locator('#secret-password ~ .secret-state, .secret-state.stored').first().textContent(),
      'stored',
    );

    await body.evaluate((element) => element.ownerDocument.defaultView?.scrollTo(0, 0));
    await page.locator('[data-tab=body]').click();
    await body.click();
    await body.press('ControlOrMeta+Enter');
    const sent = await waitPosted(page, 'request/send');
    assert.equal(sent.draft.method, 'POST');
    assert.equal(sent.draft.url, 'https://api.example.com/items');
    assert.deepEqual(sent.draft.headers, [
      { enabled: true, name: 'Accept', value: 'application/json' },
      { enabled: false, name: 'X-Off', value: '' },
    ]);
    assert.equal(sent.draft.body.mode, 'json');
    assert.equal(sent.draft.body.text, '{\n  "name": "widget",\n  "count": 12345678901234567890\n}');
    assert.deepEqual(sent.draft.auth, { kind: 'basic', username: 'ada' });
    assert.ok(!JSON.stringify(sent).includes('s3cret-pw'), 'the password is not in the draft');
    const state = (await page.evaluate('sessionStorage.getItem("state")')) as string;
    assert.ok(!state.includes('s3cret-pw'), 'nor in the saved state');
  });

  it('reaches the request line and the tabs with Tab, with a visible focus', async function () {
    await page.locator('#method').focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const outline = await page
      .locator('#method')
      .evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).outlineStyle);
    assert.equal(outline, 'solid', 'the focused method box shows a focus ring');
    const reached: string[] = [];
    for (let i = 0; i < 12; i++) {
      reached.push(
        (await page.evaluate(
          "(() => { const a = document.activeElement; return a ? (a.getAttribute('data-tab') || a.id || a.tagName.toLowerCase()) : ''; })()",
        )) as string,
      );
      await page.keyboard.press('Tab');
    }
    for (const id of ['method', 'url', 'send', 'environment', 'open-curl', 'copy-curl', 'params']) {
      assert.ok(reached.includes(id), `Tab reaches ${id}: ${reached.join(' → ')}`);
    }
    assert.ok(reached.indexOf('method') < reached.indexOf('url'), 'in reading order');
  });

  it('builds multipart parts with files chosen through the host, and a binary body', async function () {
    await page.locator('[data-tab=body]').click();
    await chooseOption(page, '#body-mode', 'Multipart form');
    const add = page.getByRole('button', { name: 'Add part' });
    await add.click();
    await add.click();
    const rows = page.locator('#body-multipart tbody tr');
    await rows.nth(0).locator('vscode-textfield.name-cell input').fill('note');
    await rows.nth(0).locator('.value-cell input').fill('hello');
    await rows.nth(1).locator('vscode-textfield.name-cell input').fill('upload');
    await chooseOption(page, '#body-multipart tbody tr:nth-child(2) td.kind vscode-single-select', 'File');
    await rows.nth(1).getByRole('button', { name: 'Choose file…' }).click();
    assert.deepEqual(await waitPosted(page, 'file/pick'), { type: 'file/pick', purpose: 'multipart', row: 1 });
    await postToPage(page, { type: 'file/picked', purpose: 'multipart', row: 1, path: '/tmp/report.pdf' });
    await page.waitForFunction(
      "document.querySelectorAll('#body-multipart tbody tr')[1]?.querySelector('.value-cell')?.value === '/tmp/report.pdf'",
    );
    const multipart = await waitPosted(
      page,
      'draft/changed',
      (m) => m.draft.body.multipart[1]?.value === '/tmp/report.pdf',
    );
    assert.deepEqual(multipart.draft.body.multipart, [
      { enabled: true, name: 'note', value: 'hello', kind: 'text' },
      { enabled: true, name: 'upload', value: '/tmp/report.pdf', kind: 'file' },
    ]);

    await chooseOption(page, '#body-mode', 'Binary file');
    await page.getByRole('button', { name: 'Choose file…' }).last().click();
    assert.deepEqual(await waitPosted(page, 'file/pick', (m) => m.purpose === 'binary'), {
      type: 'file/pick',
      purpose: 'binary',
    });
    await postToPage(page, { type: 'file/picked', purpose: 'binary', path: '/tmp/image.png' });
    const binary = await waitPosted(page, 'draft/changed', (m) => m.draft.body.file === '/tmp/image.png');
    assert.equal(binary.draft.body.mode, 'binary');
  });
});

/** Opens a vscode-single-select and picks the option shown as `label`, with the keyboard as a person may. */
async function chooseOption(page: Page, selector: string, label: string): Promise<void> {
  await page.locator(selector).click();
  await page.locator(selector).getByRole('option', { name: label, exact: true }).click();
  await page.locator(selector).filter({ hasText: label }).waitFor();
}
