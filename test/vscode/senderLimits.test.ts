import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RawConnection } from '../unit/rawConnection';
import { pushpull, setHooksPerSecond, setPort } from './util';

const request = (path: string): string => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}`;

describe('Limits on senders in VS Code', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('pushpull.stopListener');
    await setHooksPerSecond(undefined);
    await vscode.workspace
      .getConfiguration('pushpull.listener')
      .update('maxConnections', undefined, vscode.ConfigurationTarget.Global);
  });

  it('applies maxHooksPerSecond and maxConnections, and shows what they refused in the status bar', async () => {
    const api = await pushpull();
    await setPort(0);
    await setHooksPerSecond(1);
    await vscode.workspace
      .getConfiguration('pushpull.listener')
      .update('maxConnections', 1, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('pushpull.startListener');
    const port = api.push.address?.port;
    assert.ok(port);
    const before = api.push.store.size;

    const connection = await RawConnection.open(port);
    // One write: the listener reads all three at once, well within the second that refills one hook.
    const answers = await connection.exchange(request('/1') + request('/2') + request('/3'), 3);
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 429, 429],
    );
    const extra = await RawConnection.open(port);
    assert.equal(await extra.closed, '', 'a second connection is closed unread');
    connection.end();

    assert.equal(api.push.store.size, before + 1);
    assert.deepEqual(api.push.refusals, { overRate: 2, overConnections: 1 });
    assert.match(api.statusBar.text, / · 3 refused$/);
    assert.match(
      api.statusBar.tooltip,
      /2 hooks over pushpull\.listener\.maxHooksPerSecond \(answered 429\), 1 connection over pushpull\.listener\.maxConnections/,
    );
  });
});
