import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { DurableHookStore } from '../../src/core/store/durable';
import { post, pushpull, setPort } from './util';

describe('Hook store in VS Code', () => {
  afterEach(() => vscode.commands.executeCommand('pushpull.stopListener'));

  it("keeps hooks under the extension's global storage and says where", async () => {
    const api = await pushpull();
    const location = await vscode.commands.executeCommand<string>('pushpull.showStoreLocation');
    assert.equal(location, api.push.location);
    assert.ok(location.includes('pushpull.pushpull'), location);
    await setPort(0);
    await vscode.commands.executeCommand('pushpull.startListener');
    const url = api.push.address?.url;
    assert.ok(url);
    assert.equal(await post(`${url}/durable`, '{"kept":true}'), 200);
    const id = api.push.store.newest(1)[0]?.id;
    assert.ok(id);
    await vscode.commands.executeCommand('pushpull.stopListener');

    // What was acknowledged is on disk: another reader sees it with its exact bytes.
    const reader = await DurableHookStore.openReadOnly(location);
    try {
      assert.equal(reader.get(id)?.path, '/durable');
      assert.equal(Buffer.from((await reader.readBody(id)) ?? []).toString(), '{"kept":true}');
    } finally {
      await reader.close();
    }
    // And this window still shows it after the listener stopped.
    assert.equal(api.push.store.get(id)?.path, '/durable');
    assert.ok((await fs.readdir(location)).length > 0);
  });

  it('refuses to listen while another process writes the store, and starts once it is free', async () => {
    const api = await pushpull();
    await setPort(0);
    const other = await DurableHookStore.open(api.push.location, { owner: 'another VS Code window' });
    try {
      await vscode.commands.executeCommand('pushpull.startListener');
      assert.equal(api.push.address, undefined, 'must not listen on a store another window writes');
      assert.equal(api.statusBar.visible, false);
    } finally {
      await other.close();
    }
    await vscode.commands.executeCommand('pushpull.startListener');
    assert.ok(api.push.address);
  });

  it('Clear All deletes every stored hook', async () => {
    const api = await pushpull();
    await setPort(0);
    await vscode.commands.executeCommand('pushpull.startListener');
    const url = api.push.address?.url;
    assert.ok(url);
    await post(`${url}/to-clear`, '{}');
    assert.ok(api.push.store.size > 0);
    await api.push.clear();
    assert.equal(api.push.store.size, 0);
    await vscode.commands.executeCommand('pushpull.stopListener');
    const reader = await DurableHookStore.openReadOnly(api.push.location);
    try {
      assert.equal(reader.size, 0);
    } finally {
      await reader.close();
    }
  });
});
