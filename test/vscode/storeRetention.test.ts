import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { post, pushpull, setPort } from './util';

describe('Store retention by size in VS Code', () => {
  const store = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('pushpull.store');

  afterEach(async () => {
    await vscode.commands.executeCommand('pushpull.stopListener');
    await store().update('maxMegabytes', undefined, vscode.ConfigurationTarget.Global);
  });

  it('keeps the newest hooks within pushpull.store.maxMegabytes, deleting the oldest first', async () => {
    const api = await pushpull();
    await setPort(0);
    await store().update('maxMegabytes', 1, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('pushpull.startListener');
    const url = api.push.address?.url;
    assert.ok(url);
    // 400 KB each: two fit in 1 MB with their heads, a third does not.
    const body = JSON.stringify({ pad: 'x'.repeat(400 * 1024) });
    for (let i = 0; i < 4; i++) assert.equal(await post(`${url}/mb/${i}`, body), 200);
    const kept = api.push.store.list();
    assert.deepEqual(
      kept.filter((hook) => hook.path.startsWith('/mb/')).map((hook) => hook.path),
      ['/mb/3', '/mb/2'],
    );
    assert.deepEqual(
      kept.filter((hook) => !hook.path.startsWith('/mb/') && hook.pinned !== true).map((hook) => hook.path),
      [],
      'every older hook went first',
    );
  });
});
