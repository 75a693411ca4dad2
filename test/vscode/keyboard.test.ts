import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HookTreeNode } from '../../src/ui/hooksView/rows';
import { closeAllEditors, post, pushpull, setPort, waitFor, waitForAsync } from './util';

/** As the view's keybindings pass it: VS Code turns it into the row that has the keyboard focus. */
const FOCUSED = { $treeViewId: 'pushpull.hooks', $focusedTreeItem: true };

/** Runs a command as a keybinding does, through the workbench, so that FOCUSED is turned into the focused row. */
function asKeybinding(command: string): Thenable<unknown> {
  return vscode.commands.executeCommand('runCommands', { commands: [{ command, args: FOCUSED }] });
}

describe('Keyboard in the Webhooks view', function () {
  this.timeout(30_000);
  let api: Awaited<ReturnType<typeof pushpull>>;
  let url: string;
  const groupBy = () => vscode.workspace.getConfiguration('pushpull.hooks');

  before(async () => {
    api = await pushpull();
    await setPort(0);
    await groupBy().update('groupBy', 'none', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('pushpull.startListener');
    url = api.push.address?.url ?? '';
    assert.ok(url);
  });

  after(async () => {
    await vscode.commands.executeCommand('pushpull.stopListener');
    await groupBy().update('groupBy', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  it("opens a row with VS Code's own open: a click previews without taking the focus, Enter or a double-click focuses", async () => {
    assert.equal(await post(`${url}/kb/open`, '{"n":0}'), 200);
    const hook = await waitFor('hook', () => api.push.store.list().find((h) => h.path === '/kb/open'));
    const item = api.tree.getTreeItem({ kind: 'hook', hook });
    assert.equal(item.command?.command, 'vscode.open');
    const [uri] = (item.command?.arguments ?? []) as vscode.Uri[];
    assert.equal(uri?.toString(), item.resourceUri?.toString());
    assert.equal(
      item.command?.arguments?.length,
      1,
      'no options: the way the row was opened decides focus and preview',
    );
  });

  it('copies and deletes the focused row, not selected, and Undo brings the deleted one back', async () => {
    assert.equal(await post(`${url}/kb/one`, '{"n":1}'), 200);
    assert.equal(await post(`${url}/kb/two`, '{"n":2}'), 200);
    const two = await waitFor('hook', () => api.push.store.list().find((h) => h.path === '/kb/two'));
    await vscode.commands.executeCommand('pushpull.hooks.focus');
    const node: HookTreeNode = { kind: 'hook', hook: two };
    await waitForAsync('focused row', async () => {
      await api.hooksView.view.reveal(node, { select: false, focus: true });
      await vscode.env.clipboard.writeText('');
      await asKeybinding('pushpull.copyBody');
      return (await vscode.env.clipboard.readText()) === '{"n":2}' ? true : undefined;
    });
    assert.equal(api.hooksView.view.selection.length, 0, 'nothing was selected');

    // The view keeps the focus only while nothing else takes it (an editor opening late from an earlier suite can):
    // focus the row again before each try, as a person would.
    await waitForAsync('deleted', async () => {
      await api.hooksView.view.reveal(node, { select: false, focus: true });
      await asKeybinding('pushpull.deleteHook');
      return api.push.store.get(two.id) === undefined ? true : undefined;
    });
    assert.ok(
      api.push.store.list().some((h) => h.path === '/kb/one'),
      'only the focused row went',
    );
    assert.equal(await vscode.commands.executeCommand('pushpull.undoDeleteHooks'), 1);
    const back = api.push.store.get(two.id);
    assert.equal(back?.path, '/kb/two');
    assert.equal(Buffer.from((await api.push.store.readBody(two.id)) ?? []).toString(), '{"n":2}');
    assert.equal(await vscode.commands.executeCommand('pushpull.undoDeleteHooks'), 0, 'undone once');
  });
});
