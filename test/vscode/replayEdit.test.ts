import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { HookTreeNode } from '../../src/ui/hooksView/rows';
import { closeAllEditors, post, pushpull, replaceBody, setPort, waitFor } from './util';

describe('Edit and Replay: the whole request, one document per hook, no stale signature sent unawares', function () {
  this.timeout(30_000);
  let api: Awaited<ReturnType<typeof pushpull>>;
  let node: HookTreeNode;
  let app: http.Server;
  let target: string;
  const received: Array<{ method?: string; url?: string; signature?: string; extra?: string; body: string }> = [];

  before(async () => {
    api = await pushpull();
    await setPort(0);
    await vscode.commands.executeCommand('pushpull.startListener');
    const url = api.push.address?.url ?? '';
    const body = '{"action":"opened"}';
    // Signed, on a path no route names: no secret is known for it.
    const signature = `sha256=${createHmac('sha256', 'unknown').update(body).digest('hex')}`;
    assert.equal(await post(`${url}/nosecret/pr`, body, { 'X-Hub-Signature-256': signature }), 200);
    const hook = await waitFor('hook', () => api.push.store.list().find((h) => h.path === '/nosecret/pr'));
    node = { kind: 'hook', hook };
    app = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          method: req.method,
          url: req.url,
          signature: req.headers['x-hub-signature-256'] as string | undefined,
          extra: req.headers['x-extra'] as string | undefined,
          body: Buffer.concat(chunks).toString(),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    target = `http://127.0.0.1:${(app.address() as AddressInfo).port}/webhooks`;
  });

  after(async () => {
    await vscode.commands.executeCommand('pushpull.stopListener');
    await new Promise((resolve) => app.close(resolve));
    await closeAllEditors();
  });

  it('opens the same document again for the same hook, and sends the request as edited (method, header, body)', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('pushpull.editAndReplay', node);
    const again = await vscode.commands.executeCommand<vscode.TextDocument>('pushpull.editAndReplay', node);
    assert.equal(again.uri.toString(), document.uri.toString(), 'one document per hook');
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled').length, 1);
    // Unchanged, it goes out as it came, signature and all, without a warning.
    await vscode.commands.executeCommand('pushpull.sendEditedHook', document.uri, { target });
    assert.deepEqual(received.at(-1)?.body, '{"action":"opened"}');
    assert.match(received.at(-1)?.signature ?? '', /^sha256=/);

    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, document.lineAt(0).range, 'PUT /nosecret/pr HTTP/1.1');
    edit.insert(document.uri, new vscode.Position(1, 0), 'X-Extra: added\n');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    assert.equal(await replaceBody(document, '{"action":"closed"}'), true);
    await vscode.commands.executeCommand('pushpull.sendEditedHook', document.uri, { target, staleSignature: 'remove' });
    assert.deepEqual(received.at(-1), {
      method: 'PUT',
      url: '/webhooks',
      signature: undefined,
      extra: 'added',
      body: '{"action":"closed"}',
    });
    await vscode.commands.executeCommand('pushpull.sendEditedHook', document.uri, { target, staleSignature: 'send' });
    assert.match(received.at(-1)?.signature ?? '', /^sha256=/, 'sent anyway, as the user chose');
  });

  it('says which line it cannot read, and sends nothing', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('pushpull.editAndReplay', node);
    const before = received.length;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(1, 0), 'not a header\n');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    assert.equal(await vscode.commands.executeCommand('pushpull.sendEditedHook', document.uri, { target }), undefined);
    assert.equal(received.length, before);
  });
});
