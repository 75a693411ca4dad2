import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SmeeRelay } from '../unit/relay/smeeRelay';
import { closeAllEditors, post, pushpull, setPort, waitFor } from './util';

describe('Relay channels and sharing the listener', () => {
  let relay: SmeeRelay | undefined;

  afterEach(async () => {
    if (relay) await vscode.commands.executeCommand('pushpull.disconnectRelay', relay.channelUrl());
    await vscode.commands.executeCommand('pushpull.stopListener');
    await relay?.close();
    relay = undefined;
    await closeAllEditors();
  });

  it('Connect Relay starts the listener and keeps the channel’s hooks, marked as relayed; Disconnect Relay ends it', async () => {
    const api = await pushpull();
    await setPort(0);
    relay = await SmeeRelay.start('gosmee');
    const connection = await vscode.commands.executeCommand<{ path: string } | undefined>(
      'pushpull.connectRelay',
      relay.channelUrl(),
    );
    assert.equal(connection?.path, '/');
    assert.ok(api.push.address, 'the listener was started for the relay');
    await relay.connected(1);
    const status = await post(relay.channelUrl(), '{"zen":"Keep it logically awesome."}', {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': 'vscode-relay-1',
    });
    assert.ok(status < 300);
    const hook = await waitFor('the relayed hook', () =>
      api.push.store.list().find((h) => h.relay?.key.includes('vscode-relay-1')),
    );
    assert.equal(hook.relay?.rawBody, true);
    assert.equal(hook.relay?.channel, relay.channelUrl());
    assert.equal(hook.bodySize, Buffer.byteLength('{"zen":"Keep it logically awesome."}'));
    const removed = await vscode.commands.executeCommand<number>('pushpull.disconnectRelay', relay.channelUrl());
    assert.equal(removed, 1);
    relay = undefined;
  });

  it('Copy Public URL copies the listener’s address as VS Code exposes it (asExternalUri)', async () => {
    const api = await pushpull();
    await setPort(0);
    await vscode.commands.executeCommand('pushpull.startListener');
    const port = api.push.address?.port;
    assert.ok(port);
    const url = await vscode.commands.executeCommand<string>('pushpull.copyPublicUrl');
    const expected = (await vscode.env.asExternalUri(vscode.Uri.parse(`http://127.0.0.1:${port}/`))).toString(true);
    assert.equal(url, expected);
    assert.equal(await vscode.env.clipboard.readText(), expected);
  });
});
