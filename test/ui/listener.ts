import { waitForPort } from './http';
import { UiContext } from './scenario';

/**
 * Makes sure the webhook listener runs, the way a person would: when the status bar does not
 * show it, "PushPull: Start Listener" from the Command Palette. Lets a scenario stand on its own.
 */
export async function ensureListener(ctx: UiContext): Promise<void> {
  const item = ctx.workbench.statusBarItem(`:${ctx.listenerPort}`);
  if (!(await item.isVisible())) {
    await ctx.workbench.runCommand('PushPull: Start Listener');
  }
  await waitForPort(ctx.listenerPort);
  await item.waitFor({ state: 'visible', timeout: 30_000 });
}
