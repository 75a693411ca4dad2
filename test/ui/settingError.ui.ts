import * as fs from 'node:fs';
import * as path from 'node:path';
import * as assert from 'node:assert/strict';
import { postJson } from './http';
import { ensureListener } from './listener';
import { UiContext, UiScenario } from './scenario';

const SETTING = 'pushpull.listener.maxBodyBytes';

/**
 * A person gives a listener setting a value it cannot use (in the workspace's settings.json) while it listens.
 * PushPull keeps listening as it was, says which setting is wrong, and "Open Settings" shows that setting.
 */
export const settingErrorScenario: UiScenario = {
  name: 'a setting it cannot use is named, "Open Settings" shows it, and the listener goes on',
  async run(ctx: UiContext): Promise<void> {
    const { page, workbench, listenerPort } = ctx;
    await ensureListener(ctx);
    const folder = path.join(ctx.workspace, '.vscode');
    const file = path.join(folder, 'settings.json');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ [SETTING]: -5 }, null, 2)}\n`);
    try {
      const toast = page.locator('.notification-toast').filter({ hasText: SETTING }).first();
      await toast.waitFor({ state: 'visible', timeout: 30_000 });
      const message = ((await toast.locator('.notification-list-item-message').first().textContent()) ?? '').trim();
      ctx.log(`notification: ${message}`);
      assert.match(message, /^PushPull kept listening with the previous settings\. /);
      assert.match(message, /must be a whole number .*, not -5\./);
      const answer = await postJson(`http://127.0.0.1:${listenerPort}/setting-error`, { still: 'listening' });
      assert.equal(answer.status, 200, 'the listener goes on with the settings it had');

      await toast.locator('.monaco-button', { hasText: /^Open Settings$/ }).click();
      const row = page.locator('.settings-editor .setting-item-contents').filter({ hasText: 'Max Body Bytes' }).first();
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      ctx.log(`settings editor shows: ${((await row.locator('.setting-item-title').textContent()) ?? '').trim()}`);
      // VS Code 1.139 shows Settings over the workbench, closed with Escape (it hides the Command Palette meanwhile);
      // earlier versions open it as an editor tab, which Escape leaves open.
      await page.keyboard.press('Escape');
      await row.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
      if (await row.isVisible()) await workbench.runCommand('View: Close Editor');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  },
};
