import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { ListeningAddress } from '../../src/core/hooks/listener';
import { setListenerPort } from '../../src/ui/config';
import { KEPT_LISTENING } from '../../src/ui/messageText';
import { readRequestSettings } from '../../src/ui/requestPanel/senderSettings';
import { nextListenerMessage } from './listenerMessages';
import { LogWatch, post, pushpull, setPort, waitFor } from './util';

const listener = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('pushpull.listener');

/** PushPull listening on any free port, and where. */
async function listening(): Promise<{ api: Awaited<ReturnType<typeof pushpull>>; address: ListeningAddress }> {
  const api = await pushpull();
  await setPort(0);
  await vscode.commands.executeCommand('pushpull.startListener');
  const address = api.push.address;
  assert.ok(address, 'listening');
  return { api, address };
}

describe('Listener settings in VS Code', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('pushpull.stopListener');
    await listener().update('routes', undefined, vscode.ConfigurationTarget.Global);
    await listener().update('maxBodyBytes', undefined, vscode.ConfigurationTarget.Global);
    await listener().update('port', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('lets a request in progress finish and keeps it when the settings change', async () => {
    const { api, address: first } = await listening();
    const body = '{"sent":"half before the settings change, half after"}';
    const socket = net.connect(first.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.write(`POST /in-progress HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);

    await listener().update(
      'routes',
      [{ name: 'accepted', pathPrefix: '/queue', response: { status: 202 } }],
      vscode.ConfigurationTarget.Global,
    );
    await waitFor('restart', () => api.push.address !== undefined && api.push.address.port !== first.port);
    const url = api.push.address?.url;
    assert.ok(url);
    assert.equal(await post(`${url}/queue/1`, '{}'), 202, 'the new route answers');

    socket.write(body.slice(10));
    await closed;
    assert.match(answer, /^HTTP\/1\.1 200 /, 'the request begun before the change is answered');
    const hook = api.push.store.list().find((h) => h.path === '/in-progress');
    assert.ok(hook, 'and stored');
    assert.equal(Buffer.from((await api.push.store.readBody(hook.id)) ?? []).toString(), body);
  });

  it('keeps listening as it was when a changed setting cannot be used', async () => {
    const { api, address: before } = await listening();
    const log = LogWatch.begin(api);
    const shown = nextListenerMessage(api, /pushpull\.listener\.maxBodyBytes/);
    await listener().update('maxBodyBytes', -5, vscode.ConfigurationTarget.Global);
    // The change was read and refused: only then does "unchanged" mean something.
    await log.line(/Settings not applied: The setting pushpull\.listener\.maxBodyBytes must be .*, not -5\./);
    const message = await shown;
    assert.equal(message.kind, 'error');
    assert.ok(message.text.startsWith(KEPT_LISTENING), message.text);
    assert.match(message.text, /The setting pushpull\.listener\.maxBodyBytes must be .*, not -5\./);
    assert.deepEqual(message.actions, ['Open Settings'], 'it offers to open the setting');
    assert.deepEqual(api.push.address, before, 'still listening where it was');
    assert.equal(await post(`${before.url}/still`, '{"small":true}'), 200, 'with the limit it had');
    assert.ok(api.statusBar.visible);
  });

  it('keeps listening where it was when the new port is taken', async () => {
    const { api, address: before } = await listening();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const taken = (blocker.address() as net.AddressInfo).port;
      const log = LogWatch.begin(api);
      await setPort(taken);
      await log.line(new RegExp(`Settings not applied: Port ${taken} on 127\\.0\\.0\\.1 is already in use`));
      assert.deepEqual(api.push.address, before, 'still listening where it was');
      assert.equal(await post(`${before.url}/kept`, '{}'), 200);
      assert.ok(api.statusBar.visible);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
      await setPort(0);
    }
  });

  it('refuses to start with a setting it cannot use, and leaves nothing half-started', async () => {
    const api = await pushpull();
    await setPort(0);
    await listener().update('maxBodyBytes', 0, vscode.ConfigurationTarget.Global);
    const shown = nextListenerMessage(api, /pushpull\.listener\.maxBodyBytes/);
    assert.equal(await vscode.commands.executeCommand('pushpull.startListener'), undefined);
    assert.equal(api.push.address, undefined);
    assert.equal(api.statusBar.visible, false);
    const message = await shown;
    assert.equal(message.kind, 'error');
    assert.match(message.text, /^PushPull could not start the listener: The setting pushpull\.listener\.maxBodyBytes /);
    assert.deepEqual(message.actions, ['Open Settings'], 'it offers to open the setting');
  });

  it('offers a new port where the port in effect is set, so that it wins', async () => {
    await setPort(0);
    await listener().update('port', 40123, vscode.ConfigurationTarget.Workspace);
    await setListenerPort(40124);
    const where = listener().inspect<number>('port');
    assert.equal(where?.workspaceValue, 40124, 'the workspace value, which wins, is the one changed');
    assert.equal(where?.globalValue, 0, 'the user value is left alone');
    assert.equal(listener().get('port'), 40124);
  });
});

describe('Request settings in VS Code', () => {
  const request = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('pushpull.request');

  afterEach(async () => {
    await request().update('timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  it('gives up on a request after 30 s by default, and after the seconds set otherwise', async () => {
    const inspected = request().inspect<number>('timeoutSeconds');
    assert.equal(inspected?.defaultValue, 30);
    assert.equal(inspected?.globalValue, undefined, 'not set: the default applies');
    assert.equal(readRequestSettings('0.0.0').timeoutMs, 30_000);
    await request().update('timeoutSeconds', 5, vscode.ConfigurationTarget.Global);
    assert.equal(readRequestSettings('0.0.0').timeoutMs, 5_000);
  });
});
