import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { autoStartEnabled } from '../../src/ui/config';
import { post, pushpull, setPort } from './util';

const { Global } = vscode.ConfigurationTarget;
const listener = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('pushpull.listener');

/**
 * Auto-start applies only until a command starts or stops the listener in the window. This file's name sorts
 * first, so it runs before any other test has run a listener command; its tests run in order.
 */
describe('Auto-start at activation (pushpull.listener.autoStart)', () => {
  after(async () => {
    await vscode.commands.executeCommand('pushpull.stopListener');
    await listener().update('autoStart', undefined, Global);
  });

  it('did not start the listener at activation, autoStart being off by default', async () => {
    const api = await pushpull();
    assert.equal(listener().inspect<boolean>('autoStart')?.defaultValue, false);
    assert.equal(autoStartEnabled(), false, 'nothing in this window turns it on');
    assert.equal(await api.autoStarted, undefined, "activation's auto-start did not start it");
    assert.equal(api.push.address, undefined, 'and nothing listens');
  });

  it('does not start when the user setting is false', async () => {
    const api = await pushpull();
    await setPort(0);
    await listener().update('autoStart', false, Global);
    assert.equal(await api.listener.autoStart(), undefined);
    assert.equal(api.push.address, undefined);
    assert.equal(api.statusBar.visible, false);
  });

  it('starts listening when the user setting is true', async () => {
    const api = await pushpull();
    await setPort(0);
    await listener().update('autoStart', true, Global);
    const address = await api.listener.autoStart();
    assert.ok(address, 'auto-start started the listener');
    assert.deepEqual(api.push.address, address);
    assert.equal(api.statusBar.visible, true);
    assert.equal(await post(`${address.url}/auto`, '{}'), 200, 'and it answers hooks');
  });

  it('no longer starts it once a command has stopped it in this window', async () => {
    const api = await pushpull();
    await vscode.commands.executeCommand('pushpull.stopListener');
    assert.equal(autoStartEnabled(), true, 'still on');
    assert.equal(await api.listener.autoStart(), undefined);
    assert.equal(api.push.address, undefined);
  });
});
