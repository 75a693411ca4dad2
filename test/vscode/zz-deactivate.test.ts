// Runs last (files run in name order): it deactivates PushPull, as closing or reloading the window does.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DurableHookStore } from '../../src/core/store/durable';
import { post, pushpull, setPort } from './util';

describe('Deactivation', () => {
  it('waits until the listener is stopped and the store is closed, lock released', async () => {
    const api = await pushpull();
    await setPort(0);
    await vscode.commands.executeCommand('pushpull.startListener');
    const address = api.push.address;
    assert.ok(address, 'listener should be running');
    assert.equal(await post(`${address.url}/last`, '{"last":true}'), 200);
    const lock = path.join(api.push.location, 'hooks.lock');
    assert.ok(fs.existsSync(lock), 'a listening window holds the store lock');

    const extension = vscode.extensions.getExtension('pushpull.pushpull');
    assert.ok(extension);
    const main = require(path.join(extension.extensionPath, 'dist', 'extension.js')) as {
      deactivate(): Promise<void> | undefined;
    };
    const done = main.deactivate();
    assert.ok(done instanceof Promise, 'deactivate returns what VS Code must wait for');
    await done;

    assert.equal(fs.existsSync(lock), false, 'the lock is released once deactivate resolves');
    const probe = net.createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(address.port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => probe.close(resolve));
    // What was acknowledged is in the store another process opens next.
    const store = await DurableHookStore.openReadOnly(api.push.location);
    try {
      assert.ok(store.list().some((hook) => hook.path === '/last'));
    } finally {
      await store.close();
    }
  });
});
