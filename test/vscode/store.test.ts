import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { silentLogger, systemClock } from '../../src/core/clock';
import { HookListener } from '../../src/core/hooks/listener';
import { DurableHookStore } from '../../src/core/store/durable';
import { post, pushpull, setPort, waitFor } from './util';

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

  it('shows hooks that another window receives while this one is not listening', async function () {
    this.timeout(60_000);
    const api = await pushpull();
    await api.push.ready();
    const other = await DurableHookStore.open(api.push.location, { owner: 'another VS Code window' });
    const theirs = new HookListener(other, systemClock, silentLogger);
    try {
      const address = await theirs.start({ port: 0 });
      assert.equal(await post(`${address.url}/from-the-other-window`, '{}'), 200);
      // Read again at most every 4 reads' time: after the large store of the scale test, a few seconds on a quiet
      // machine, more than 15 s on one with a load average of 12.
      await waitFor(
        'the hook in this window',
        () => api.push.store.list().some((hook) => hook.path === '/from-the-other-window'),
        45_000,
      );
      // Pinning needs the store for writing: the other window has it, and the command says so instead of failing.
      const id = api.push.store.list().find((hook) => hook.path === '/from-the-other-window')?.id;
      assert.equal(await vscode.commands.executeCommand('pushpull.pinHook', undefined, [id]), 0);
    } finally {
      await theirs.stop();
      theirs.dispose();
      await other.close();
    }
  });

  it('Clear All asks before deleting anything, and deletes nothing unanswered', async () => {
    const api = await pushpull();
    await setPort(0);
    await vscode.commands.executeCommand('pushpull.startListener');
    const url = api.push.address?.url;
    assert.ok(url);
    assert.equal(await post(`${url}/kept`, '{}'), 200);
    const size = api.push.store.size;
    // VS Code shows no dialog to extension tests: it refuses, naming what it was asked to show. The UI tests
    // answer the real dialog.
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('pushpull.clearHooks')),
      /Delete every received webhook from disk\? This cannot be undone\./,
    );
    assert.equal(api.push.store.size, size, 'nothing is deleted without an answer');
  });

  it('clearing the store deletes every stored hook, on disk too', async () => {
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
