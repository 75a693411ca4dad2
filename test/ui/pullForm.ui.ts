import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiServer } from './http';
import { RequestPanelPage } from './requestPanelPage';
import { UiContext, UiScenario } from './scenario';

const USER = 'ada';
const PASSWORD = 'pw-never-on-disk-7319';
const JSON_BODY = '{"name":"widget","count":3}';
const ANSWER = '{"created":true,"id":42}';

/**
 * A person fills the request panel's form by hand: a row in the params table, a row in the headers table, a JSON
 * body and Basic auth (username and password), then sends with Ctrl+Enter to a real local API. The API got the
 * JSON with `Content-Type: application/json`, the Basic credentials and the header; the panel shows the status and
 * the timing bar; the Requests view lists the exchange; and the password is in no file of the request history.
 */
export const pullFormScenario: UiScenario = {
  name: 'request panel form (params, header, JSON body, Basic auth) sent with Ctrl+Enter, then in the Requests view',
  async run(ctx: UiContext): Promise<void> {
    const { page, workbench } = ctx;
    const api = await ApiServer.start({ '/widgets': { status: 201, body: ANSWER } });
    try {
      await workbench.runCommand('PushPull: Open Request Panel');
      const panel = new RequestPanelPage(page, ctx.log);
      await panel.waitLoaded();
      await panel.typeMethod('POST');
      await panel.typeUrl(api.url('/widgets'));

      await panel.tab('params').click();
      await panel.addRow('params', 'Query parameter', 'dry', 'no');
      await assertEventually(
        async () => (await panel.urlInput.inputValue()) === api.url('/widgets?dry=no'),
        async () => `the URL follows the params table; it reads ${await panel.urlInput.inputValue()}`,
      );

      await panel.tab('headers').click();
      await panel.addRow('headers', 'Header', 'X-Trace-Id', 'ui-form-1');

      await panel.tab('body').click();
      await panel.chooseOption('#body-mode', 'JSON');
      await panel.bodyText.click();
      await panel.bodyText.fill(JSON_BODY);

      await panel.tab('auth').click();
      await panel.chooseOption('#auth-kind', 'Basic');
      await panel.frame.locator('#auth-username input').fill(USER);
      const password = panel.frame.locator('#secret-password input');
      await password.fill(PASSWORD);
      await password.press('Tab');
      await panel.frame.locator('.secret-state.stored').first().waitFor({ state: 'visible', timeout: 15_000 });
      console.log(`Screenshot: ${await ctx.screenshot('pull-form-auth.png')}`);

      await panel.tab('body').click();
      await panel.bodyText.click();
      await panel.bodyText.press('ControlOrMeta+Enter');
      const call = await api.waitForCall('/widgets?dry=no');
      assert.equal(call.method, 'POST');
      assert.deepEqual(JSON.parse(call.body), JSON.parse(JSON_BODY), 'the API got the JSON body');
      assert.match(String(call.headers['content-type']), /^application\/json\b/, 'sent as application/json');
      const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
      assert.equal(call.headers.authorization, basic, 'the API got the Basic credentials');
      assert.equal(call.headers['x-trace-id'], 'ui-form-1', 'the API got the header from the table');

      const status = await panel.waitForStatus(/^201 Created$/);
      await panel.timingBar.waitFor({ state: 'visible', timeout: 10_000 });
      const timing = (await panel.timingBar.getAttribute('aria-label')) ?? '';
      ctx.log(`status ${status}; ${(await panel.meta.textContent()) ?? ''}; timing bar: ${timing}`);
      assert.notEqual(timing, '', 'the timing bar says what it shows');
      assert.ok((await panel.timingBar.locator('.segment').count()) > 0, 'the timing bar has its phases');
      await panel.waitForBody('"created": true');
      console.log(`Screenshot: ${await ctx.screenshot('pull-form-sent.png')}`);

      // The Requests view lists the exchange: method, host and path, status.
      await workbench.openViewContainer('PushPull');
      const row = workbench.sideBarRow('POST', `127.0.0.1:${api.port}/widgets`);
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      const rowText = (await row.textContent()) ?? '';
      ctx.log(`Requests view row: ${rowText}`);
      assert.match(rowText, /201 · \d+ ms · /, `the row shows the status: ${rowText}`);
      console.log(`Screenshot: ${await ctx.screenshot('pull-form-requests-view.png')}`);

      // The request history on disk: it holds this exchange, and the password in no form.
      const history = historyFolder(ctx);
      const files = filesUnder(history);
      const texts = files.map((file) => fs.readFileSync(file).toString('latin1'));
      assert.ok(
        texts.some((text) => text.includes('/widgets?dry=no')),
        `the history in ${history} holds the exchange (${files.length} files)`,
      );
      const base64 = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
      for (const [index, text] of texts.entries()) {
        assert.ok(!text.includes(PASSWORD), `the password is not in ${files[index] ?? '?'}`);
        assert.ok(!text.includes(base64), `nor the Basic credentials in ${files[index] ?? '?'}`);
      }
      ctx.log(`request history: ${files.length} files, no password in any`);
    } finally {
      await api.close();
    }
  },
};

/** The history's folder in the extension's global storage (code-server keeps it under the session's user data). */
function historyFolder(ctx: UiContext): string {
  const folder = path.join(path.dirname(ctx.workspace), 'user-data', 'User', 'globalStorage', 'pushpull.pushpull');
  const history = path.join(folder, 'history');
  if (!fs.existsSync(history)) {
    throw new Error(`No request history at ${history}`);
  }
  return history;
}

function filesUnder(folder: string): string[] {
  return fs
    .readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Waits until `check` holds, re-reading the page as it changes; fails with `describe()` after 10 s. */
async function assertEventually(check: () => Promise<boolean>, describe: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) {
      assert.fail(await describe());
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
