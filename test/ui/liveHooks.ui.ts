import * as assert from 'node:assert/strict';
import { postJson } from './http';
import { ensureListener } from './listener';
import { UiContext, UiScenario } from './scenario';

const HOOK_PATH = '/shop/orders';
const PUSHED = { event: 'order.paid', order_id: 1001, status: 'paid', total: '19.99' };

/**
 * The Webhooks view is already on screen and the listener runs; another provider pushes a hook.
 * A person expects a new row at once and the status bar count to go up by one.
 */
export const liveHooksScenario: UiScenario = {
  name: 'a webhook arriving while the Webhooks view is open shows up at once',
  async run(ctx: UiContext): Promise<void> {
    const { workbench } = ctx;
    await ensureListener(ctx);
    await workbench.openViewContainer('PushPull');
    const status = workbench.statusBarItem(`:${ctx.listenerPort}`);
    const before = hookCount(await status.textContent());
    ctx.log(`status bar before: ${before} hook(s)`);

    const answer = await postJson(`http://127.0.0.1:${ctx.listenerPort}${HOOK_PATH}`, PUSHED);
    assert.equal(answer.status, 200, `the listener answered ${answer.status}: ${answer.body}`);
    ctx.log(`the listener stored POST ${HOOK_PATH}: ${answer.body}`);

    const row = workbench.sideBarRow('POST', HOOK_PATH);
    try {
      await row.waitFor({ state: 'visible', timeout: 20_000 });
    } catch {
      const rows = await ctx.page.locator('.pane-body .monaco-list-row').allTextContents();
      throw new Error(
        `The listener answered 200 ${answer.body} for POST ${HOOK_PATH}, but after 20 s the Webhooks view ` +
          `still lists only [${rows.join(' | ')}] and the status bar reads "${((await status.textContent()) ?? '').trim()}"`,
      );
    }
    await workbench
      .statusBarItem(`:${ctx.listenerPort} · ${before + 1} hooks`)
      .waitFor({ state: 'visible', timeout: 10_000 });
    ctx.log(`row: ${((await row.textContent()) ?? '').trim()}`);
  },
};

/** The N in "PushPull :port · N hooks". */
function hookCount(text: string | null): number {
  const match = /(\d+) hooks?/.exec(text ?? '');
  if (!match) {
    throw new Error(`The status bar item does not count hooks: "${text ?? ''}"`);
  }
  return Number(match[1]);
}
