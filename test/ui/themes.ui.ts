import * as assert from 'node:assert/strict';
import { ApiServer } from './http';
import { RequestPanelPage } from './requestPanelPage';
import { UiContext, UiScenario } from './scenario';
import { HOOK_PATH } from './webhooks.ui';

/** Only the hook document shows the request's headers (a diff of bodies would not). */
const HOOK_HEADER = 'x-github-event: push';
const PULLED = '{"ref":"refs/heads/ui-check","pulled":true,"theme":"dark"}';

/**
 * The same screens in the light and the dark theme, switched the way a person does it
 * (F1 → "Preferences: Color Theme"): the Webhooks view with a hook open, and the request panel,
 * whose page follows the theme through VS Code's --vscode-* variables.
 */
export const themesScenario: UiScenario = {
  name: 'Webhooks view and request panel in the light and the dark theme',
  async run(ctx: UiContext): Promise<void> {
    const { page, workbench } = ctx;
    await workbench.openViewContainer('PushPull');
    const row = workbench.sideBarRow('POST', HOOK_PATH);
    await row
      .waitFor({ state: 'visible', timeout: 30_000 })
      .catch((error: unknown) =>
        Promise.reject(
          new Error(`No POST ${HOOK_PATH} row to open (the webhooks scenario receives it)`, { cause: error }),
        ),
      );
    await workbench.openFromTree(row, HOOK_HEADER);

    await setTheme(ctx, 'Light Modern', 'light');
    await workbench.waitForEditorText(HOOK_HEADER);
    console.log(`Screenshot: ${await ctx.screenshot('webhooks-light.png')}`);

    await setTheme(ctx, 'Dark Modern', 'dark');
    await workbench.waitForEditorText(HOOK_HEADER);
    console.log(`Screenshot: ${await ctx.screenshot('webhooks-dark.png')}`);

    const api = await ApiServer.start({ '/branch': { body: PULLED } });
    try {
      await workbench.runCommand('PushPull: Open Request Panel');
      const panel = new RequestPanelPage(page, ctx.log);
      await panel.waitLoaded();
      await panel.typeUrl(api.url('/branch'));
      await panel.clickSend();
      await panel.waitForStatus(/^200 · /);
      await panel.waitForBody('"theme": "dark"');
      const background = await panel.frame
        .locator('body')
        .evaluate((body) => String(body.ownerDocument.defaultView?.getComputedStyle(body).backgroundColor));
      ctx.log(`request panel background in the dark theme: ${background}`);
      assert.ok(luminance(background) < 0.3, `the page is dark in the dark theme (background ${background})`);
      console.log(`Screenshot: ${await ctx.screenshot('request-panel-dark.png')}`);
    } finally {
      await api.close();
    }
  },
};

/** F1 → "Preferences: Color Theme" → the theme's name → Enter; waits until the workbench wears it. */
async function setTheme(ctx: UiContext, label: string, kind: 'light' | 'dark'): Promise<void> {
  await ctx.workbench.runCommandAndPick('Preferences: Color Theme', label);
  await ctx.workbench.waitForThemeKind(kind);
  assert.equal(await ctx.workbench.themeKind(), kind, `the workbench wears a ${kind} theme after picking ${label}`);
  ctx.log(`theme: ${label}`);
}

/** Relative luminance (0 black … 1 white) of a CSS `rgb(…)`/`rgba(…)` colour. */
function luminance(color: string): number {
  const parts = /rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)/.exec(color);
  if (!parts) {
    throw new Error(`Not an rgb() colour: ${color}`);
  }
  const [r, g, b] = [parts[1], parts[2], parts[3]].map((part) => {
    const c = Number(part) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
