import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { repoPath } from '../../scripts/vscode/paths';
import { jsonResponse } from './fixtures';
import { PageHarness, postToPage, setTheme, violations, type ThemeName } from './harness';

const SHOTS: ReadonlyArray<readonly [ThemeName, string]> = [
  ['light', 'panel-light.png'],
  ['dark', 'panel-dark.png'],
  ['highContrast', 'panel-high-contrast.png'],
];

/**
 * The panel in Light Modern, Dark Modern and Dark High Contrast (VS Code's own --vscode-* values, test/page/themes.json):
 * the page takes its colours from the theme, and a screenshot of each goes to docs/screenshots for the README.
 */
describe('request panel page: themes', function () {
  let harness: PageHarness;
  let page: Page;

  before(async function () {
    harness = await PageHarness.start();
    page = await harness.open();
    await postToPage(page, {
      type: 'draft/restore',
      draft: {
        id: 'shots',
        method: 'POST',
        url: 'https://api.example.com/v1/orders?expand=items&limit=20',
        headers: [
          { enabled: true, name: 'Accept', value: 'application/json' },
          { enabled: false, name: 'X-Debug', value: 'true' },
        ],
        body: {
          mode: 'json',
          text: '{\n  "sku": "W-42",\n  "quantity": 3\n}',
          form: [],
          multipart: [],
          file: '',
          graphql: { query: '', variables: '' },
        },
        auth: { kind: 'bearer' },
        options: { followRedirects: true, allowInvalidCertificates: false },
      },
      context: { environments: ['dev', 'prod'], environment: 'dev', secretsSet: ['token'] },
    });
    await postToPage(page, { type: 'variables/unresolved', names: ['tenant'] });
    await postToPage(page, { type: 'response/show', response: jsonResponse({ status: 201, statusText: 'Created' }) });
    await page.locator('#status', { hasText: '201 Created' }).waitFor();
    await page.locator('#body-search input').fill('widget');
  });
  after(async function () {
    if (page) assert.deepEqual(await violations(page), [], 'the page kept its Content-Security-Policy');
    await harness?.close();
  });

  for (const [theme, file] of SHOTS) {
    it(`wears ${theme} and is photographed (to docs/screenshots/${file} with PUSHPULL_UPDATE_SCREENSHOTS=1)`, async function () {
      await setTheme(page, theme);
      const background = await page
        .locator('body')
        .evaluate((body) => body.ownerDocument.defaultView?.getComputedStyle(body).backgroundColor);
      const expected = { light: 'rgb(255, 255, 255)', dark: 'rgb(31, 31, 31)', highContrast: 'rgb(0, 0, 0)' }[theme];
      assert.equal(background, expected, 'the page background is the theme editor background');
      // An ordinary run photographs into test-results; only an update run replaces the README's pictures.
      const folder =
        process.env.PUSHPULL_UPDATE_SCREENSHOTS === '1'
          ? repoPath('docs', 'screenshots')
          : repoPath('test-results', 'page');
      const target = path.join(folder, file);
      fs.mkdirSync(folder, { recursive: true });
      await page.screenshot({ path: target, fullPage: true });
      assert.ok(fs.statSync(target).size > 10_000, `${file} holds a picture`);
    });
  }
});
