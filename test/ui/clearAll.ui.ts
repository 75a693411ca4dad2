import * as assert from 'node:assert/strict';
import { ensureListener } from './listener';
import { UiContext, UiScenario } from './scenario';

/**
 * A person clears every kept webhook: F1 → "PushPull: Clear All Hooks", is asked whether to delete them from
 * disk, and answers "Delete All". The view and the status bar then say there are none.
 */
export const clearAllScenario: UiScenario = {
  name: 'Clear All Hooks asks first, and "Delete All" empties the view and the count',
  async run(ctx: UiContext): Promise<void> {
    const { page, workbench, listenerPort } = ctx;
    await ensureListener(ctx);
    await workbench.openViewContainer('PushPull');
    const status = workbench.statusBarItem(`:${listenerPort}`);
    const before = /· (\d+) hooks?/.exec((await status.textContent()) ?? '')?.[1];
    assert.ok(Number(before) > 0, `earlier scenarios left hooks to clear (status bar: ${before ?? 'no count'})`);
    // The Webhooks view's rows only: the Requests view beside it keeps its own.
    const webhooksPane = page
      .locator('.part.sidebar .pane')
      .filter({ has: page.locator('.pane-header', { hasText: 'Webhooks' }) })
      .first();
    const rows = webhooksPane.locator('.pane-body .monaco-list-row');
    assert.ok((await rows.count()) > 0, 'and the view lists them');

    await workbench.runCommand('PushPull: Clear All Hooks');
    const dialog = page.locator('.monaco-dialog-box').filter({ hasText: 'Delete every received webhook from disk?' });
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    ctx.log(`dialog: ${((await dialog.textContent()) ?? '').trim()}`);
    await dialog.locator('.monaco-button', { hasText: /^Delete All$/ }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });

    await workbench
      .statusBarItem(new RegExp(`:${listenerPort} · 0 hooks`))
      .waitFor({ state: 'visible', timeout: 30_000 });
    await page
      .locator('.part.sidebar')
      .getByText(/^Listening \(the status bar shows the port/)
      .waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await rows.count(), 0, 'the view lists no hook');
    ctx.log(`cleared ${before} hooks`);
  },
};
