import * as assert from 'node:assert/strict';
import { ApiServer } from './http';
import { ConsoleWatch, RequestPanelPage } from './requestPanelPage';
import { UiContext, UiScenario } from './scenario';

/** What the API answers, compact: the panel pretty-prints it, keys in the order they came. */
const PULL_JSON = '{"ref":"refs/heads/ui-check","pulled":true,"via":"click"}';
const PULL_PRETTY = '{\n  "ref": "refs/heads/ui-check",\n  "pulled": true,\n  "via": "click"\n}';
const ENTER_PRETTY = PULL_PRETTY.replace('click', 'enter');
/** Markup an API could send: the panel must show it as characters, never build elements from it. */
const HOSTILE_HTML =
  "<img src=x onerror=\"document.body.dataset.pwned='img'\"><script>document.body.dataset.pwned='script'</script><b>bold</b>";
const HOSTILE_HEADER = '<img src=y onerror="document.body.dataset.pwned=\'header\'">';
/** Over the 1 MiB the panel shows: it shows the start and opens the whole in an editor. */
const BIG_TEXT = `${'big body line\n'.repeat(90_000)}THE END`;

/**
 * A person opens the request panel from the Command Palette, pulls JSON from a real local API
 * (Send button, Enter in the URL box, Ctrl+Enter in a header's value), gets a clear error for a malformed URL, and sees
 * markup from the server as plain text. The panel's state survives being hidden and shown again.
 */
export const requestPanelScenario: UiScenario = {
  name: 'request panel sends with the button, Enter and Ctrl+Enter, explains a bad URL, shows markup as text',
  async run(ctx: UiContext): Promise<void> {
    const { page, workbench } = ctx;
    const api = await ApiServer.start({
      '/pull': { body: PULL_JSON, headers: { 'x-pushpull-ui': 'answered' } },
      '/enter': { body: PULL_JSON.replace('click', 'enter') },
      '/ctrl-enter': { body: PULL_JSON.replace('click', 'ctrl-enter') },
      '/markup': { body: HOSTILE_HTML, headers: { 'content-type': 'text/html', 'x-note': HOSTILE_HEADER } },
      '/hang': { body: '', hang: true },
      '/big': { body: BIG_TEXT, headers: { 'content-type': 'text/plain' } },
    });
    const consoleWatch = new ConsoleWatch(page);
    try {
      await workbench.runCommand('PushPull: Open Request Panel');
      const panel = new RequestPanelPage(page, ctx.log);
      await panel.waitLoaded();
      ctx.log(`request panel open: ${await workbench.activeTabTitle()}`);

      // Markup from the server is text: no element is created from it, no handler runs.
      await panel.typeUrl(api.url('/markup'));
      await panel.clickSend();
      await panel.waitForStatus(/^200 OK$/);
      const markup = await panel.waitForBody('<script>');
      assert.equal(markup, HOSTILE_HTML, 'the HTML body is shown character for character');
      const made = 'img, script, b, iframe, object';
      assert.equal(await panel.responseBody.locator(made).count(), 0, 'no element was made from the body');
      const headerLines = await panel.responseHeaderLines();
      assert.ok(headerLines.includes(`x-note: ${HOSTILE_HEADER}`), `header shown as text: ${headerLines.join(' | ')}`);
      assert.equal(await panel.responseHeaders.locator(made).count(), 0, 'no element was made from the headers');
      const pwned = await panel.frame.locator('body').getAttribute('data-pwned');
      assert.equal(pwned, null, 'no script or event handler from the response ran');
      console.log(`Screenshot: ${await ctx.screenshot('request-panel-markup.png')}`);

      // Send by clicking: status 200 and the JSON pretty-printed (keys in the order they came, two-space indent).
      await panel.typeUrl(api.url('/pull'));
      await panel.clickSend();
      await api.waitForCall('/pull');
      const status = await panel.waitForStatus(/^200 OK$/);
      const body = await panel.waitForBody('"via": "click"');
      const meta = (await panel.meta.textContent()) ?? '';
      ctx.log(`status after Send: ${status} (${meta})`);
      assert.match(meta, /^\d[\d.,]* (ms|s) · \d[\d.]* (B|KB)$/, `time and size beside the status: ${meta}`);
      assert.equal(body, PULL_PRETTY, 'the body is the pretty JSON');
      const headers = await panel.responseHeaderLines();
      assert.ok(headers.includes('x-pushpull-ui: answered'), `the API's header is listed: ${headers.join(' | ')}`);
      assert.ok(headers.includes('content-type: application/json'), 'content-type is listed');

      // Enter in the URL box sends too.
      await panel.typeUrl(api.url('/enter'));
      await panel.pressEnterInUrl();
      await api.waitForCall('/enter');
      await panel.waitForStatus(/^200 OK$/);
      assert.equal(await panel.waitForBody('"via": "enter"'), ENTER_PRETTY, 'Enter sent the request');

      const png = await ctx.screenshot('request-panel.png');
      console.log(`Screenshot: ${png}`);

      // Hidden behind a file and shown again with its tab, the page is rebuilt from its saved state: the URL is
      // still there. (Open Request Panel would open a second panel: several can be open at once.)
      const title = await workbench.activeTabTitle();
      await workbench.quickOpen('README.md');
      await page.locator('iframe.webview:visible').first().waitFor({ state: 'hidden', timeout: 30_000 });
      await page.locator('.tabs-container .tab').filter({ hasText: title }).first().click();
      await panel.waitLoaded();
      const restored = await panel.urlInput.inputValue();
      assert.equal(restored, api.url('/enter'), 'the URL typed last is restored');
      ctx.log(`restored URL: ${restored}`);
      // …and so is the answer it showed.
      assert.equal(await panel.waitForBody('"via": "enter"'), ENTER_PRETTY, 'the last answer is shown again');
      assert.equal((await panel.status.textContent()) ?? '', '200 OK', 'with its status line');

      const enterCalls = api.calls.filter((call) => call.url === '/enter').length;
      assert.equal(enterCalls, 1, 'one Enter sent the request once');

      // Ctrl+Enter (Cmd+Enter on macOS) sends from any field: here from a header's value in the headers table.
      await panel.typeUrl(api.url('/ctrl-enter'));
      await panel.tab('headers').click();
      await panel.addRow('headers', 'Header', 'X-Sent-With', 'ctrl-enter');
      await panel.rows('headers').last().locator('td.value input').first().press('ControlOrMeta+Enter');
      const ctrlEnter = await api.waitForCall('/ctrl-enter');
      assert.equal(ctrlEnter.headers['x-sent-with'], 'ctrl-enter', 'the header typed in the table was sent');
      await panel.waitForStatus(/^200 OK$/);
      assert.equal(
        await panel.waitForBody('"via": "ctrl-enter"'),
        PULL_PRETTY.replace('click', 'ctrl-enter'),
        'Ctrl+Enter in the headers table sent the request',
      );

      // Loaded twice now: the page never broke its own Content-Security-Policy, nor logged a problem.
      assert.deepEqual(consoleWatch.cspViolations(), [], 'no Content-Security-Policy violation in the console');
      assert.deepEqual(consoleWatch.webviewProblems(), [], 'no error or warning in the webview console');

      // A malformed URL is refused before anything is sent, with its message and its stable code.
      const callsBefore = api.calls.length;
      await panel.typeUrl('not a url');
      await panel.clickSend();
      const invalid = await panel.waitForStatus(/is not a (valid )?URL/);
      ctx.log(`status for a bad URL: ${invalid}`);
      console.log(`Screenshot: ${await ctx.screenshot('request-panel-invalid-url.png')}`);
      assert.equal(api.calls.length, callsBefore, 'nothing was sent for a malformed URL');
      assert.match(invalid, /"[^"]*not a url" is not a (valid )?URL/, 'the error names the URL that is wrong');
      assert.match(
        invalid,
        /\((INVALID_URL|INVALID_DRAFT)\)$/,
        `the error shows its stable code; the status line reads: ${invalid}`,
      );

      // A request that gets no answer: Cancel shows while it is on its way, and Escape cancels it.
      await panel.typeUrl(api.url('/hang'));
      await panel.pressEnterInUrl();
      await api.waitForCall('/hang');
      await panel.waitForStatus(/^Sending…/);
      await panel.cancelButton.waitFor({ state: 'visible', timeout: 10_000 });
      await panel.urlInput.press('Escape');
      const cancelled = await panel.waitForStatus(/\(CANCELLED\)$/);
      ctx.log(`status after Escape: ${cancelled}`);
      await panel.cancelButton.waitFor({ state: 'hidden', timeout: 10_000 });
      assert.equal(await panel.sendButton.getAttribute('disabled'), null, 'Send works again after a cancel');

      // A body over 1 MiB: its start, a note saying so, and Open in Editor for all of it.
      await panel.typeUrl(api.url('/big'));
      await panel.clickSend();
      await panel.waitForStatus(/^200 OK$/);
      const note = (await panel.bodyNote.textContent({ timeout: 10_000 })) ?? '';
      assert.match(note, /^Showing the first 1\.0 MB of 1\.2 MB/, `the note says how much is shown: ${note}`);
      assert.ok(!(await panel.responseBody.textContent())?.includes('THE END'), 'the end of the body is not shown');
      console.log(`Screenshot: ${await ctx.screenshot('request-panel-big-body.png')}`);
      await panel.openInEditorButton.click();
      const opened = await workbench.waitForEditorText('big body line');
      assert.ok(opened.includes('big body line'), 'the whole body opens in an editor');
      ctx.log(`opened in an editor: ${await workbench.activeTabTitle()}`);
    } finally {
      consoleWatch.stop();
      await api.close();
    }
  },
};
