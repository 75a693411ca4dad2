import * as assert from 'node:assert/strict';
import { postJson, waitForPort } from './http';
import { UiContext, UiScenario } from './scenario';

export const HOOK_PATH = '/github/push';
export const MARKER = 'refs/heads/ui-check';
/** The GitHub push this scenario receives; later scenarios compare and re-open it. */
export const GITHUB_PUSH = {
  ref: MARKER,
  repository: { full_name: 'pushpull/ui-check' },
  head_commit: { id: '5d1c0b1', message: 'Check the Webhooks view' },
  pusher: { name: 'octocat' },
};

/**
 * A person starts the listener from the Command Palette, a provider POSTs a webhook,
 * the person opens the PushPull view, sees the row and opens the hook document.
 */
export const webhooksScenario: UiScenario = {
  name: 'webhook arrives, shows in the Webhooks view and opens as a document',
  async run(ctx: UiContext): Promise<void> {
    const { workbench, listenerPort } = ctx;

    // The empty view says what to do, and then that the listener is waiting.
    await workbench.openViewContainer('PushPull');
    const sideBar = workbench.page.locator('.part.sidebar');
    await sideBar.getByText('No webhooks received yet.').waitFor({ state: 'visible', timeout: 30_000 });
    await sideBar
      .locator('.monaco-text-button', { hasText: 'Start Listener' })
      .waitFor({ state: 'visible', timeout: 10_000 });

    await workbench.runCommand('PushPull: Start Listener');
    await waitForPort(listenerPort);
    await workbench.statusBarItem(`:${listenerPort}`).waitFor({ state: 'visible', timeout: 30_000 });
    ctx.log(`listener is up on 127.0.0.1:${listenerPort}`);
    await sideBar
      .getByText(/^Listening \(the status bar shows the port/)
      .waitFor({ state: 'visible', timeout: 10_000 });
    await sideBar
      .locator('.monaco-text-button', { hasText: 'Stop Listener' })
      .waitFor({ state: 'visible', timeout: 10_000 });

    const answer = await postJson(`http://127.0.0.1:${listenerPort}${HOOK_PATH}`, GITHUB_PUSH, {
      'x-github-event': 'push',
      'x-github-delivery': 'ui-check-1',
    });
    // No route is set up: the listener's own answer, 200 with the hook's id.
    assert.equal(answer.status, 200, `the listener answered ${answer.status}: ${answer.body}`);
    assert.match(answer.body, /^\{"ok":true,"id":"\d{14}-\d{6}"\}$/);

    await workbench.openViewContainer('PushPull');
    const row = workbench.sideBarRow('POST', HOOK_PATH);
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    ctx.log(`row: ${((await row.textContent()) ?? '').trim()}`);
    // The tooltip is made when the row is pointed at.
    const tip = await workbench.hoverText(row, 'Received');
    assert.match(tip, /x-github-event: push/i, `the row's tooltip names the event header: ${tip}`);
    const text = await workbench.openFromTree(row, MARKER);
    assert.match(text, /"ref": "refs\/heads\/ui-check"/, 'the body is shown as pretty JSON');
    ctx.log(`hook document open: ${await workbench.activeTabTitle()}`);
    // "· 1 hook", not "· 11 hooks" nor "· 1 hooks".
    await workbench
      .statusBarItem(new RegExp(`:${listenerPort} · 1 hook(?!s)`))
      .waitFor({ state: 'visible', timeout: 10_000 });

    const png = await ctx.screenshot('webhooks.png');
    console.log(`Screenshot: ${png}`);
  },
};
