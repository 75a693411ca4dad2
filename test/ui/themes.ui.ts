import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Locator } from 'playwright-core';
import { repoPath } from '../../scripts/vscode/paths';
import { ApiServer } from './http';
import { RequestPanelPage } from './requestPanelPage';
import { UiContext, UiScenario } from './scenario';
import { ThemeKind } from './workbench';
import { HOOK_PATH } from './webhooks.ui';

/** Only the hook document shows the request's headers (a diff of bodies would not). */
const HOOK_HEADER = 'x-github-event: push';
const PULLED = '{"ref":"refs/heads/ui-check","pulled":true,"theme":"dark"}';

/**
 * The same screens in the light and the dark theme, switched the way a person does it
 * (F1 → "Preferences: Color Theme"): the Webhooks view with a hook open; then the request panel, whose page follows
 * the theme through VS Code's --vscode-* variables, and the Requests view in the light, dark and high-contrast
 * themes, photographed to docs/screenshots (workbench-panel-*.png, requests-view-*.png) for the README.
 */
export const themesScenario: UiScenario = {
  name: 'Webhooks view, request panel and Requests view in the light, dark and high-contrast themes',
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
      await panel.waitForStatus(/^200 OK$/);
      await panel.waitForBody('"theme": "dark"');
      for (const theme of THEMES) {
        await setTheme(ctx, theme.label, theme.kind);
        await panel.waitForBody('"theme": "dark"');
        const background = await panel.frame
          .locator('body')
          .evaluate((body) => String(body.ownerDocument.defaultView?.getComputedStyle(body).backgroundColor));
        ctx.log(`request panel background in ${theme.label}: ${background}`);
        if (theme.kind === 'light') {
          assert.ok(luminance(background) > 0.6, `the page is light in ${theme.label} (background ${background})`);
        } else {
          assert.ok(luminance(background) < 0.3, `the page is dark in ${theme.label} (background ${background})`);
        }
        const timing = panel.timingBar;
        await timing.waitFor({ state: 'visible', timeout: 10_000 });
        if (theme.kind === 'dark') {
          console.log(`Screenshot: ${await ctx.screenshot('request-panel-dark.png')}`);
        }
        await publish(ctx, page.locator('.monaco-workbench').first(), `workbench-panel-${theme.file}.png`);

        // The Requests view beside Webhooks in the PushPull container, with what the scenarios before sent.
        await workbench.openViewContainer('PushPull');
        const row = workbench.sideBarRow('GET', `127.0.0.1:${api.port}/branch`);
        await row.waitFor({ state: 'visible', timeout: 30_000 });
        assert.match(
          (await row.textContent()) ?? '',
          /200 · \d+ ms · /,
          'the Requests view shows the request and its status',
        );
        await publish(ctx, page.locator('.part.sidebar').first(), `requests-view-${theme.file}.png`);
      }
      // The scenarios after this one see the dark theme, as before.
      await setTheme(ctx, 'Dark Modern', 'dark');
    } finally {
      await api.close();
    }
  },
};

/** The themes photographed for the README: VS Code's default light, dark and high-contrast themes. */
const THEMES: ReadonlyArray<{ label: string; kind: ThemeKind; file: string }> = [
  { label: 'Light Modern', kind: 'light', file: 'light' },
  { label: 'Dark Modern', kind: 'dark', file: 'dark' },
  { label: 'Dark High Contrast', kind: 'high-contrast', file: 'high-contrast' },
];

/**
 * Photographs `target` into the run's results; with PUSHPULL_UPDATE_SCREENSHOTS=1 also copies it to docs/screenshots,
 * where the README links it (so an ordinary test run leaves the committed pictures alone).
 */
export async function publish(ctx: UiContext, target: Locator, name: string): Promise<void> {
  const file = await ctx.screenshot(name);
  await target.screenshot({ path: file, timeout: 15_000 });
  if (process.env.PUSHPULL_UPDATE_SCREENSHOTS !== '1') {
    console.log(`Screenshot: ${file}`);
    return;
  }
  const docs = repoPath('docs', 'screenshots');
  fs.mkdirSync(docs, { recursive: true });
  fs.copyFileSync(file, path.join(docs, name));
  console.log(`Screenshot: ${file} (copied to docs/screenshots)`);
}

/** F1 → "Preferences: Color Theme" → the theme's name → Enter; waits until the workbench wears it. */
export async function setTheme(ctx: UiContext, label: string, kind: ThemeKind): Promise<void> {
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
