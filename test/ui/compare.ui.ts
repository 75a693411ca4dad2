import * as assert from 'node:assert/strict';
import { ApiServer } from './http';
import { sortedJson } from './json';
import { RequestPanelPage } from './requestPanelPage';
import { UiContext, UiScenario } from './scenario';
import { publish, setTheme } from './themes.ui';
import { GITHUB_PUSH, HOOK_PATH } from './webhooks.ui';

/** What the API says about the same branch: much the same, keys in another order, one field each way. */
const PULLED = {
  pulled: true,
  head_commit: { message: 'Check the Webhooks view', id: '5d1c0b1' },
  ref: 'refs/heads/ui-check',
  repository: { full_name: 'pushpull/ui-check' },
};
const PULL_PATH = '/repos/pushpull/ui-check/branch';

/**
 * After the GitHub push of the first scenario arrived, the person pulls the same branch in the
 * request panel, right-clicks the hook in the Webhooks view, chooses Compare With… → Latest response,
 * and reads both sides, normalised, in VS Code's own diff editor.
 */
export const compareScenario: UiScenario = {
  name: 'Compare With… puts the hook and the latest response side by side in the diff editor',
  async run(ctx: UiContext): Promise<void> {
    const { page, workbench } = ctx;
    const api = await ApiServer.start({ [PULL_PATH]: { body: JSON.stringify(PULLED) } });
    try {
      await workbench.runCommand('PushPull: Open Request Panel');
      const panel = new RequestPanelPage(page, ctx.log);
      await panel.waitLoaded();
      await panel.typeUrl(api.url(PULL_PATH));
      await panel.pressEnterInUrl();
      await panel.waitForStatus(/^200 OK$/);
      await panel.waitForBody('"pulled": true');
    } finally {
      await api.close();
    }

    await workbench.openViewContainer('PushPull');
    const row = workbench.sideBarRow('POST', HOOK_PATH);
    await row
      .waitFor({ state: 'visible', timeout: 30_000 })
      .catch((error: unknown) =>
        Promise.reject(
          new Error(`No POST ${HOOK_PATH} row to compare (the webhooks scenario receives it)`, { cause: error }),
        ),
      );
    await workbench.contextMenu(row, 'Compare With');
    const title = page.locator('.quick-input-widget .quick-input-title').filter({ hasText: 'Compare' }).first();
    await title.waitFor({ state: 'visible', timeout: 30_000 });
    ctx.log(`quick pick: ${((await title.textContent()) ?? '').trim()}`);
    const latest = workbench.quickPickRow('Latest response').first();
    await latest.waitFor({ state: 'visible', timeout: 30_000 });
    const latestText = ((await latest.textContent()) ?? '').trim();
    const pulled = `127.0.0.1:${api.port}${PULL_PATH}`;
    assert.ok(latestText.includes(`GET ${pulled}`), `the row names the request: ${latestText}`);
    await latest.click();
    // The skippable "Compare options…" step: Enter on its first row compares the whole documents.
    const options = workbench.quickPickRow('Compare options');
    await options.waitFor({ state: 'visible', timeout: 30_000 });
    await workbench.clickQuickPickRow(/Compare(?! options)/);

    const diff = page.locator('.editor-group-container.active .monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible', timeout: 30_000 });
    const original = diff.locator('.editor.original').first();
    const modified = diff.locator('.editor.modified').first();
    await original.locator('.view-line').filter({ hasText: 'head_commit' }).first().waitFor({ timeout: 30_000 });
    await modified.locator('.view-line').filter({ hasText: 'pulled' }).first().waitFor({ timeout: 30_000 });
    const tab = await workbench.activeTabTitle();
    ctx.log(`diff open: ${tab}`);
    assert.ok(tab.includes(`POST ${HOOK_PATH}`) && tab.includes(pulled), `the tab names both sides: ${tab}`);
    assert.equal(await workbench.editorLines(original), sortedJson(GITHUB_PUSH), 'left: the hook, normalised');
    assert.equal(await workbench.editorLines(modified), sortedJson(PULLED), 'right: the response, normalised');

    const png = await ctx.screenshot('compare.png');
    console.log(`Screenshot: ${png}`);

    // Beside the diff, the Comparison view counts each kind of difference and lists each one.
    const onlyLeft = workbench.sideBarRow('$.pusher');
    await onlyLeft.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(
      (await onlyLeft.textContent()) ?? '',
      /"name": "octocat"/,
      'the row shows the value only the hook has',
    );
    const onlyRight = workbench.sideBarRow('$.pulled');
    await onlyRight.waitFor({ state: 'visible', timeout: 30_000 });
    await onlyRight.click();
    const revealed = modified.locator('.view-line').filter({ hasText: '"pulled": true' }).first();
    await revealed.waitFor({ state: 'visible', timeout: 30_000 });
    for (const [label, kind, file] of [
      ['Light Modern', 'light', 'compare-light.png'],
      ['Dark Modern', 'dark', 'compare-dark.png'],
    ] as const) {
      await setTheme(ctx, label, kind);
      await onlyRight.waitFor({ state: 'visible', timeout: 30_000 });
      await publish(ctx, page.locator('.monaco-workbench').first(), file);
    }
  },
};
