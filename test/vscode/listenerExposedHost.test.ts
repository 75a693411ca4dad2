import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { exposedHostMessage } from '../../src/ui/messageText';
import { listenerMessages } from './listenerMessages';
import { post, pushpull, setPort } from './util';

const listener = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('pushpull.listener');

describe('Listening beyond this machine (pushpull.listener.host 0.0.0.0)', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('pushpull.stopListener');
    await listener().update('host', undefined, vscode.ConfigurationTarget.Global);
  });

  it('warns once in the workspace, and not again the next time it listens there', async () => {
    const api = await pushpull();
    await setPort(0);
    await listener().update('host', '0.0.0.0', vscode.ConfigurationTarget.Global);
    const messages = listenerMessages(api);
    try {
      // A start is done once its warning is shown (not answered).
      const first = await vscode.commands.executeCommand<{ host: string; port: number }>('pushpull.startListener');
      assert.ok(first, 'listening');
      assert.equal(first.host, '0.0.0.0');
      assert.equal(await post(`http://127.0.0.1:${first.port}/exposed`, '{}'), 200, 'it answers');
      assert.deepEqual(messages.shown, [{ kind: 'warning', text: exposedHostMessage('0.0.0.0'), actions: [] }]);

      await vscode.commands.executeCommand('pushpull.stopListener');
      const second = await vscode.commands.executeCommand<{ host: string }>('pushpull.startListener');
      assert.equal(second?.host, '0.0.0.0', 'listening there again');
      assert.equal(messages.shown.length, 1, 'no second warning in this workspace');
    } finally {
      messages.dispose();
    }
  });
});
