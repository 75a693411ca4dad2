import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RequestPanel } from '../../src/ui/requestPanel/requestPanel';
import { newDraft, type HostMessage } from '../../src/webview/requestPanel/panelProtocol';
import { closeAllEditors, post, pushpull, setPort, waitFor } from './util';

describe('Request panel and Compare With…', () => {
  let api: Awaited<ReturnType<typeof pushpull>>;
  let apiServer: http.Server;
  let apiUrl: string;

  before(async () => {
    api = await pushpull();
    apiServer = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-path': req.url ?? '' });
      res.end('{"commits":[],"ref":"refs/heads/main","pulled":true}');
    });
    await new Promise<void>((resolve) => apiServer.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(apiServer.address() as AddressInfo).port}`;
  });

  after(async () => {
    await closeAllEditors();
    await vscode.commands.executeCommand('pushpull.stopListener');
    await new Promise((resolve) => apiServer.close(resolve));
  });

  it('opens the request panel and sends a request with undici, showing status, headers and body', async () => {
    const panel = await vscode.commands.executeCommand<RequestPanel>('pushpull.openRequestPanel');
    assert.equal(panel.panel.viewType, 'pushpull.requestPanel');
    assert.match(panel.panel.webview.html, /Content-Security-Policy" content="default-src 'none'/);
    assert.doesNotMatch(panel.panel.webview.html, /unsafe-inline|unsafe-eval/);

    const posted: HostMessage[] = [];
    const subscription = panel.onDidPost((message) => posted.push(message));
    await panel.handleMessage({
      type: 'request/send',
      draft: {
        ...newDraft('compare-1'),
        url: `${apiUrl}/repos/x`,
        headers: [{ enabled: true, name: 'Accept', value: 'application/json' }],
      },
    });
    subscription.dispose();
    const shown = posted.find((m) => m.type === 'response/show');
    assert.ok(shown && shown.type === 'response/show', JSON.stringify(posted));
    assert.equal(shown.response.status, 200);
    assert.ok(shown.response.headers.some(([n, v]) => n === 'x-path' && v === '/repos/x'));
    assert.match(shown.response.pretty, /"pulled": true/);
  });

  it('shows a clear error for a bad URL without sending', async () => {
    const panel = await waitFor('request panel', () => api.panels.active);
    const posted: HostMessage[] = [];
    const subscription = panel.onDidPost((message) => posted.push(message));
    await panel.handleMessage({
      type: 'request/send',
      draft: { ...newDraft('compare-2'), url: 'not a url' },
    });
    subscription.dispose();
    const failed = posted.find((m) => m.type === 'request/failed');
    assert.ok(failed && failed.type === 'request/failed');
    assert.equal(failed.code, 'INVALID_DRAFT');
    assert.match(failed.message, /"not a url" is not a URL/);
  });

  it('compares a hook with the latest response in the diff editor, both normalised', async () => {
    await setPort(0);
    await vscode.commands.executeCommand('pushpull.startListener');
    const url = api.push.address?.url;
    assert.ok(url);
    await post(`${url}/github/push`, '{"ref":"refs/heads/main","commits":[],"pushed":true}');
    const hook = await waitFor('hook', () => api.push.store.list()[0]);

    const opened = await vscode.commands.executeCommand<boolean>('pushpull.compareWith', hook.id, { kind: 'response' });
    assert.equal(opened, true);
    const tab = await waitFor('diff tab', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    });
    assert.equal(tab.original.scheme, 'pushpull-compare');
    assert.equal(tab.modified.scheme, 'pushpull-compare');
    const left = (await vscode.workspace.openTextDocument(tab.original)).getText();
    const right = (await vscode.workspace.openTextDocument(tab.modified)).getText();
    assert.equal(left, '{\n  "commits": [],\n  "pushed": true,\n  "ref": "refs/heads/main"\n}');
    assert.equal(right, '{\n  "commits": [],\n  "pulled": true,\n  "ref": "refs/heads/main"\n}');
  });

  it('compares a hook with a file', async () => {
    const hook = await waitFor('hook', () => api.push.store.list()[0]);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pushpull-compare-'));
    const file = path.join(dir, 'expected.json');
    await fs.writeFile(file, '{"pushed":false,"ref":"refs/heads/main","commits":[]}');
    await vscode.commands.executeCommand('pushpull.compareWith', hook.id, { kind: 'file', uri: vscode.Uri.file(file) });
    const tab = await waitFor('diff tab', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff && input.modified.path.endsWith('expected.json.json')
        ? input
        : undefined;
    });
    const right = (await vscode.workspace.openTextDocument(tab.modified)).getText();
    assert.equal(right, '{\n  "commits": [],\n  "pushed": false,\n  "ref": "refs/heads/main"\n}');
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('compares two hooks', async () => {
    const url = api.push.address?.url;
    assert.ok(url);
    await post(`${url}/stripe`, '{"type":"charge.succeeded","id":"evt_2"}');
    const [newest, older] = await waitFor('two hooks', () =>
      api.push.store.size >= 2 ? api.push.store.list() : undefined,
    );
    assert.ok(newest && older);
    await vscode.commands.executeCommand('pushpull.compareWith', newest.id, { kind: 'hook', id: older.id });
    const tab = await waitFor('diff tab', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff && input.original.path.includes('stripe') ? input : undefined;
    });
    const left = (await vscode.workspace.openTextDocument(tab.original)).getText();
    assert.match(left, /"type": "charge.succeeded"/);
  });
});
