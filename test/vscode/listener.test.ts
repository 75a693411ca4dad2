import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { PushPullTestApi } from '../../src/api';
import { closeAllEditors, LogWatch, post, pushpull, setPort, waitFor, waitForAsync } from './util';

describe('Listener, Webhooks tree and hook documents', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('pushpull.stopListener');
    await closeAllEditors();
  });

  it('is active once its command has run, and records the activation time', async () => {
    const extension = vscode.extensions.getExtension<PushPullTestApi>('pushpull.pushpull');
    assert.ok(extension, 'PushPull is installed');
    // VS Code activates an extension for a command it contributes; at startup (onStartupFinished) it may have already.
    const location = await vscode.commands.executeCommand<string>('pushpull.showStoreLocation');
    assert.equal(extension.isActive, true);
    const api = extension.exports;
    assert.equal(location, api.push.location, 'the command was answered by the activated extension');
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.activationMs >= 0, `activation time ${api.activationMs}`);
    console.log(`[bench] activation ms: ${api.activationMs.toFixed(2)} (VS Code ${vscode.version})`);
  });

  it('starts on the configured port, shows it in the status bar, and stops freeing the port', async () => {
    const api = await pushpull();
    await setPort(0);
    await vscode.commands.executeCommand('pushpull.startListener');
    const address = api.push.address;
    assert.ok(address, 'listener should be running');
    assert.equal(address.host, '127.0.0.1');
    assert.ok(address.port > 0);
    assert.match(api.statusBar.text, new RegExp(`:${address.port} · ${api.push.store.size} hooks?`));
    // The tooltip gives the address through VS Code's port forwarding too, when it differs (code-server proxies it).
    const local = `http://127.0.0.1:${address.port}/`;
    const external = (await vscode.env.asExternalUri(vscode.Uri.parse(local))).toString(true);
    const expected =
      external.replace(/\/$/, '') === local.replace(/\/$/, '')
        ? `Listening on ${address.url}. `
        : `Listening on ${address.url} (reachable from elsewhere as ${external}). `;
    await waitFor('status bar tooltip with the forwarded address', () => api.statusBar.tooltip.startsWith(expected));
    await vscode.commands.executeCommand('pushpull.stopListener');
    assert.equal(api.push.address, undefined);
    assert.equal(api.statusBar.visible, false);
    const probe = net.createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(address.port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => probe.close(resolve));
  });

  it('shows a received hook in the tree and opens it as a read-only document with pretty JSON', async () => {
    const api = await pushpull();
    await setPort(0);
    await vscode.commands.executeCommand('pushpull.startListener');
    const url = api.push.address?.url;
    assert.ok(url);
    const status = await post(`${url}/github/push?x=1`, '{"zeta":1,"alpha":{"b":2,"a":1}}', {
      'X-GitHub-Event': 'push',
    });
    assert.equal(status, 200);
    const node = await waitForAsync('tree row', async () => {
      const group = (await api.tree.getChildren()).find((n) => api.tree.getTreeItem(n).label === '/github');
      const rows = group ? await api.tree.getChildren(group) : [];
      return rows.find((n) => n.kind === 'hook' && n.hook.url === '/github/push?x=1');
    });
    const item = api.tree.getTreeItem(node);
    assert.equal(typeof item.description, 'string');
    assert.equal(item.contextValue, 'hook');
    assert.match(api.statusBar.text, new RegExp(`· ${api.push.store.size} hooks?$`));

    await vscode.commands.executeCommand('pushpull.openHook', node);
    const editor = await waitFor('hook editor', () => vscode.window.activeTextEditor);
    const document = editor.document;
    assert.equal(document.uri.scheme, 'pushpull-hook');
    const text = document.getText();
    assert.match(text, /^\/\/ POST \/github\/push\?x=1 HTTP\/1\.1\n/);
    assert.match(text, /\n\/\/ X-GitHub-Event: push\n/);
    assert.ok(text.includes('\n\n{\n  "zeta": 1,\n  "alpha": {\n    "b": 2,\n    "a": 1\n  }\n}\n'), text);
    assert.equal(document.languageId, 'jsonc', 'JSON bodies get folding and highlighting');

    // Typing into the editor, as a person would, changes nothing.
    await vscode.commands.executeCommand('type', { text: 'typed' });
    assert.equal(document.getText(), text, 'hook documents must be read-only');
    assert.equal(document.isDirty, false);
  });

  it('keeps a large body exact when it is hashed on a worker thread in the extension host', async () => {
    const api = await pushpull();
    await setPort(0);
    await vscode.commands.executeCommand('pushpull.startListener');
    const url = api.push.address?.url;
    assert.ok(url);
    // Large enough to arrive in several chunks and be hashed off the extension host's thread.
    const body = JSON.stringify({ items: Array.from({ length: 6000 }, (_, i) => ({ i, name: `item ${i}` })) });
    assert.equal(await post(`${url}/large`, body), 200);
    const hook = api.push.store.list().find((h) => h.url === '/large');
    assert.ok(hook, 'stored once answered');
    assert.equal(hook.bodySize, Buffer.byteLength(body));
    assert.equal(hook.bodySha256, createHash('sha256').update(body).digest('hex'));
    assert.equal(Buffer.from((await api.push.store.readBody(hook.id)) ?? []).toString(), body);
  });

  it('says which port is in use and leaves nothing half-started', async () => {
    const api = await pushpull();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await setPort(port);
      await vscode.commands.executeCommand('pushpull.startListener');
      assert.equal(api.push.address, undefined);
      assert.equal(api.statusBar.visible, false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
      await setPort(0);
    }
  });

  it('restarts on a settings change, applying new routes and keeping the hooks', async () => {
    const api = await pushpull();
    await setPort(0);
    await vscode.commands.executeCommand('pushpull.startListener');
    const first = api.push.address;
    assert.ok(first);
    assert.equal(await post(`${first.url}/before`, '{}'), 200);
    const beforeId = api.push.store.list()[0]?.id;
    assert.ok(beforeId);
    const config = vscode.workspace.getConfiguration('pushpull.listener');
    try {
      const log = LogWatch.begin(api);
      await config.update(
        'routes',
        [{ name: 'accepted', pathPrefix: '/queue', response: { status: 202 } }],
        vscode.ConfigurationTarget.Global,
      );
      // The restart happens when VS Code reports the change: wait until the listener says it listens anew.
      await log.line(/Listener settings changed: applying them/);
      await log.line(/Listening on http:\/\/127\.0\.0\.1:\d+/);
      const url = api.push.address?.url;
      assert.ok(url, 'listening after the restart');
      assert.equal(await post(`${url}/queue/1`, '{}'), 202, 'the new route answers');
      assert.ok(api.push.store.get(beforeId), 'hooks from before the restart are kept');
      assert.equal(api.push.store.list()[0]?.route, 'accepted');
    } finally {
      await config.update('routes', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
