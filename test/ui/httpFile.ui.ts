import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoPath } from '../../scripts/vscode/paths';
import { ApiServer } from './http';
import { UiContext, UiScenario } from './scenario';
import { ThemeKind } from './workbench';

const ORDERS_PATH = '/orders';
const ORDERS = { orders: [{ id: 7, state: 'shipped' }], total: 1 };

/** The screenshot in the run's results; with PUSHPULL_UPDATE_SCREENSHOTS=1 also in docs/screenshots. */
async function publish(ctx: UiContext, name: string): Promise<void> {
  const file = await ctx.screenshot(name);
  await ctx.page.screenshot({ path: file, timeout: 15_000 });
  if (process.env.PUSHPULL_UPDATE_SCREENSHOTS === '1') {
    const docs = repoPath('docs', 'screenshots');
    fs.mkdirSync(docs, { recursive: true });
    fs.copyFileSync(file, path.join(docs, name));
  }
  console.log(`Screenshot: ${file}`);
}

async function setTheme(ctx: UiContext, label: string, kind: ThemeKind): Promise<void> {
  await ctx.workbench.runCommandAndPick('Preferences: Color Theme', label);
  await ctx.workbench.waitForThemeKind(kind);
}

/**
 * A person opens a `.http` file of the workspace, clicks **Send Request** over its request, and reads the
 * response that opens beside the file; photographed in the light and the dark theme.
 */
export const httpFileScenario: UiScenario = {
  name: '.http file: Send Request CodeLens sends and the response opens beside the file',
  async run(ctx: UiContext): Promise<void> {
    const { page, workbench } = ctx;
    const api = await ApiServer.start({ [ORDERS_PATH]: { body: JSON.stringify(ORDERS) } });
    try {
      fs.writeFileSync(
        path.join(ctx.workspace, 'orders.http'),
        `@base = ${api.url('')}\n\n### Shipped orders\n# @name orders\nGET {{base}}${ORDERS_PATH}?state=shipped\nAccept: application/json\n\n?? status == 200\n?? body $.total == 1\n`,
      );
      await workbench.quickOpen('orders.http');
      const lens = page.locator('.monaco-editor .codelens-decoration a').filter({ hasText: 'Send Request' }).first();
      await lens.waitFor({ state: 'visible', timeout: 30_000 });
      await lens.click();
      const response = page.locator('.monaco-editor .view-lines').filter({ hasText: 'shipped' }).filter({
        hasText: '"total"',
      });
      await response.first().waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(api.calls.length, 1, 'one request reached the API');
      assert.equal(api.calls[0]?.url, `${ORDERS_PATH}?state=shipped`);
      ctx.log('response shown beside the file');
      await setTheme(ctx, 'Light Modern', 'light');
      await publish(ctx, 'http-file-light.png');
      await setTheme(ctx, 'Dark Modern', 'dark');
      await publish(ctx, 'http-file-dark.png');
    } finally {
      await api.close();
    }
  },
};
