import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { waitForPort } from './http';
import { ensureListener } from './listener';
import { UiContext, UiScenario } from './scenario';

/**
 * Another program holds the listener's port. A person starting the listener is told which port is taken
 * and offered the next free one; choosing it starts the listener there. Runs last: it changes the port.
 */
export const portInUseScenario: UiScenario = {
  name: 'a port in use is named, and the offered free port starts the listener',
  async run(ctx: UiContext): Promise<void> {
    const { workbench, page, listenerPort } = ctx;
    await ensureListener(ctx);
    await workbench.runCommand('PushPull: Stop Listener');
    await workbench.statusBarItem(`:${listenerPort}`).waitFor({ state: 'hidden', timeout: 30_000 });

    const squatter = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      squatter.once('error', reject);
      squatter.listen(listenerPort, '127.0.0.1', resolve);
    });
    try {
      await workbench.runCommand('PushPull: Start Listener');
      const toast = page
        .locator('.notification-toast')
        .filter({ hasText: `port ${listenerPort} is already in use` })
        .first();
      await toast.waitFor({ state: 'visible', timeout: 30_000 });
      const offer = toast
        .locator('.monaco-button')
        .filter({ hasText: /^Use Port \d+$/ })
        .first();
      const label = ((await offer.textContent()) ?? '').trim();
      const port = Number(/\d+/.exec(label)?.[0]);
      assert.ok(port > 0 && port !== listenerPort, `the offer names another port: "${label}"`);
      const message = toast.locator('.notification-list-item-message').first();
      ctx.log(`notification: ${((await message.textContent()) ?? '').trim()} [${label}]`);
      await offer.click();
      await workbench.statusBarItem(`:${port}`).waitFor({ state: 'visible', timeout: 30_000 });
      await waitForPort(port);
      ctx.log(`listening on the offered port ${port}`);
      await workbench.runCommand('PushPull: Stop Listener');
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  },
};
