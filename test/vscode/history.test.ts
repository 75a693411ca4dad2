import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HistoryStore } from '../../src/core/store/history';
import { localApi, pull, rowOf, shown } from './historyFixture';
import { closeAllEditors, pushpull, waitFor } from './util';

type Api = Awaited<ReturnType<typeof pushpull>>;

describe('Requests view (history)', function () {
  this.timeout(60_000);
  let api: Api;
  let server: Awaited<ReturnType<typeof localApi>>;
  let dir: string;

  before(async () => {
    api = await pushpull();
    server = await localApi();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pushpull-history-test-'));
    const history = await api.requests.handle.ready();
    assert.ok(history, `the history opened: ${api.requests.handle.error ?? ''}`);
    await history.clear();
  });

  after(async () => {
    await vscode.commands.executeCommand('pushpull.clearHistoryFilter');
    await vscode.workspace
      .getConfiguration('pushpull.history')
      .update('groupBy', undefined, vscode.ConfigurationTarget.Global);
    await api.requests.handle.history?.clear();
    await closeAllEditors();
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('lists exchanges newest first, grouped by day, then by host with the toggle', async () => {
    const yesterday = Date.now() - 86_400_000;
    await api.requests.handle.add(await pull('GET', `${server.url}/old`, { startedAt: yesterday }));
    await api.requests.handle.add(await pull('POST', `${server.url}/orders`, { body: '{"n":1}' }));
    await api.requests.handle.add(await pull('GET', `${server.url}/missing/7`));
    await api.requests.handle.add(await pull('DELETE', `${server.url}/broken`));
    const byDay = await shown(api);
    assert.deepEqual(byDay.groups, ['Today', 'Yesterday']);
    assert.deepEqual(byDay.rows, ['DELETE /broken', 'GET /missing/7', 'POST /orders', 'GET /old']);
    const item = api.requests.tree.getTreeItem(rowOf(api, byDay.ids[1]!));
    assert.equal(item.label, `GET ${new URL(server.url).host}/missing/7`);
    assert.match(String(item.description), /^404 · \d+ ms · \d+ B · just now$/);
    const tooltip = (await api.requests.tree.resolveTreeItem(item, rowOf(api, byDay.ids[1]!))).tooltip;
    assert.match(String(tooltip), new RegExp(`^GET ${server.url}/missing/7\n`));
    assert.match(String(tooltip), /\n404 Not Found · HTTP\/1\.1 · \d+ B\n/);
    assert.match(String(tooltip), /\nFirst byte \d+ ms · download \d+ ms · total \d+ ms$/);

    assert.equal(await vscode.commands.executeCommand('pushpull.toggleHistoryGrouping'), 'host');
    const byHost = await shown(api);
    assert.deepEqual(byHost.groups, [new URL(server.url).host]);
    assert.deepEqual(byHost.rows, byDay.rows);
    assert.equal(await vscode.commands.executeCommand('pushpull.toggleHistoryGrouping'), 'day');
  });

  it('filters by words in the URL, method, status class, status and host, and says when a filter cannot match', async () => {
    const rows = async (filter: string): Promise<string[]> => {
      assert.equal(await vscode.commands.executeCommand('pushpull.filterHistory', filter), true);
      return (await shown(api)).rows;
    };
    assert.deepEqual(await rows('method:post'), ['POST /orders']);
    assert.deepEqual(await rows('status:4xx'), ['GET /missing/7']);
    assert.deepEqual(await rows('status:500,404'), ['DELETE /broken', 'GET /missing/7']);
    assert.deepEqual(await rows('ORDERS'), ['POST /orders']);
    assert.deepEqual(await rows(`host:127.0.0.1 method:GET`), ['GET /missing/7', 'GET /old']);
    assert.match(api.requests.view.view.message ?? '', /^Filter "host:127\.0\.0\.1 method:GET": 2 of 4 requests\./);
    assert.deepEqual(await rows('method:GET method:POST'), []);
    assert.match(
      api.requests.view.view.message ?? '',
      /^Filter "method:GET method:POST" cannot match any request: the method: terms name no method in common\./,
    );
    assert.deepEqual(await rows('nowhere-to-be-found'), []);
    assert.match(api.requests.view.view.message ?? '', /0 of 4 requests \(none matches\)/);
    // A filter that cannot be read changes nothing and says what to write.
    assert.equal(await vscode.commands.executeCommand('pushpull.filterHistory', 'status:abc'), false);
    assert.deepEqual(api.requests.tree.filter?.text, 'nowhere-to-be-found');
    await vscode.commands.executeCommand('pushpull.clearHistoryFilter');
    assert.equal(api.requests.tree.filter, undefined);
    assert.equal(api.requests.view.view.message, undefined);
    assert.equal((await shown(api)).rows.length, 4);
  });

  it('opens the response as a read-only document, pretty JSON', async () => {
    const { ids } = await shown(api);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('pushpull.openExchangeResponse', rowOf(api, ids[2]!));
    assert.ok(uri);
    const editor = await waitFor('response editor', () =>
      vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()
        ? vscode.window.activeTextEditor
        : undefined,
    );
    assert.equal(editor.document.languageId, 'json');
    assert.equal(editor.document.getText(), '{\n  "method": "POST",\n  "path": "/orders",\n  "ok": true\n}');
    await closeAllEditors();
  });

  it('copies the request as cURL to the clipboard', async () => {
    const { ids } = await shown(api);
    await vscode.env.clipboard.writeText('');
    const text = await vscode.commands.executeCommand<string>('pushpull.copyExchangeAsCurl', rowOf(api, ids[2]!));
    const clipboard = await vscode.env.clipboard.readText();
    assert.equal(clipboard, text);
    assert.match(clipboard, new RegExp(`^curl '${server.url}/orders'`));
    assert.match(clipboard, /--data-raw '\{"n":1\}'$/);
  });

  it('saves the request as a .http file', async () => {
    const { ids } = await shown(api);
    const target = vscode.Uri.file(path.join(dir, 'orders.http'));
    const saved = await vscode.commands.executeCommand<vscode.Uri>(
      'pushpull.saveExchangeAsHttp',
      rowOf(api, ids[2]!),
      undefined,
      target,
    );
    assert.equal(saved?.fsPath, target.fsPath);
    const text = await fs.readFile(target.fsPath, 'utf8');
    assert.match(
      text,
      new RegExp(`^POST ${server.url}/orders HTTP/1\\.1\\nAccept: application/json\\n\\n\\{"n":1\\}\\n$`, 'm'),
    );
  });

  it('pins, deletes one, and clears all only once the confirmation is answered', async () => {
    const { ids } = await shown(api);
    assert.equal(await vscode.commands.executeCommand('pushpull.pinExchange', rowOf(api, ids[0]!)), 1);
    assert.equal(api.requests.handle.history?.summary(ids[0]!)?.pinned, true);
    assert.equal(api.requests.tree.getTreeItem(rowOf(api, ids[0]!)).contextValue, 'exchange.pinned');
    assert.equal(await vscode.commands.executeCommand('pushpull.deleteExchange', rowOf(api, ids[1]!)), 1);
    assert.equal(api.requests.handle.history?.summary(ids[1]!), undefined);
    assert.deepEqual((await shown(api)).rows, ['DELETE /broken', 'POST /orders', 'GET /old']);

    // VS Code shows no dialog to extension tests: unanswered, it refuses, and nothing is deleted.
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('pushpull.clearHistory')),
      /Delete all 3 requests and their responses from the history, pinned ones too\?/,
    );
    assert.equal(api.requests.handle.history?.size.exchanges, 3);
    api.requests.prompts.answerNext(undefined);
    assert.equal(await vscode.commands.executeCommand('pushpull.clearHistory'), false);
    assert.equal(api.requests.handle.history?.size.exchanges, 3);
    api.requests.prompts.answerNext('Clear History');
    assert.equal(await vscode.commands.executeCommand('pushpull.clearHistory'), true);
    assert.equal(api.requests.handle.history?.size.exchanges, 0);
    assert.deepEqual((await shown(api)).rows, []);
  });

  it('keeps the history across closing and opening it again, as deactivate and activate do', async () => {
    const kept = await pull('PUT', `${server.url}/kept`, { body: 'x' });
    await api.requests.handle.add(kept);
    await api.requests.handle.close();
    assert.equal(api.requests.handle.history, undefined);
    assert.deepEqual((await shown(api)).rows, []);
    assert.match(api.requests.view.view.message ?? '', /^The request history is not available: /);
    const history = await api.requests.handle.open();
    assert.ok(history);
    assert.deepEqual((await shown(api)).rows, ['PUT /kept']);
    assert.equal(
      Buffer.from((await history.readBody(kept.id)) ?? []).toString(),
      '{"method":"PUT","path":"/kept","ok":true}',
    );
    assert.equal(api.requests.view.view.message, undefined);
  });

  it('says in the view and in commands why the history cannot be opened while another window holds it', async () => {
    await api.requests.handle.close();
    const other = await HistoryStore.open(api.requests.location, { owner: 'the other window' });
    try {
      assert.equal(await api.requests.handle.open(), undefined);
      assert.match(
        api.requests.view.view.message ?? '',
        /^The request history is not available: The request history in .+ is in use by the other window/,
      );
      await assert.rejects(api.requests.handle.whenReady(), /in use by the other window/);
    } finally {
      await other.dispose();
    }
    assert.ok(await api.requests.handle.open());
    assert.equal(api.requests.view.view.message, undefined);
    assert.deepEqual((await shown(api)).rows, ['PUT /kept']);
  });

  it('compares a response with a file and with the latest response, through the history', async () => {
    const newest = await pull('GET', `${server.url}/compare-me`);
    await api.requests.handle.add(newest);
    const file = path.join(dir, 'expected.json');
    await fs.writeFile(file, '{"ok":true,"path":"/compare-me","method":"GET"}');
    const row = rowOf(api, newest.id);
    const opened = await vscode.commands.executeCommand<boolean>('pushpull.compareExchangeWith', row, undefined, {
      kind: 'file',
      uri: vscode.Uri.file(file),
    });
    assert.equal(opened, true);
    const tab = await waitFor('diff tab', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    });
    const [left, right] = await Promise.all([
      vscode.workspace.openTextDocument(tab.original),
      vscode.workspace.openTextDocument(tab.modified),
    ]);
    // Both sides in canonical form: keys sorted, so only real differences show.
    assert.equal(left.getText(), right.getText());
    // "Latest response" is the history's newest exchange, here compared with the one before it.
    const older = (await shown(api)).ids[1];
    assert.ok(older);
    assert.equal(
      await vscode.commands.executeCommand('pushpull.compareExchangeWith', rowOf(api, older), undefined, {
        kind: 'response',
      }),
      true,
    );
    const latest = await waitFor('second diff tab', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff && input.original.toString() !== tab.original.toString()
        ? input
        : undefined;
    });
    assert.match((await vscode.workspace.openTextDocument(latest.modified)).getText(), /"path": ?"\/compare-me"/);
    await closeAllEditors();
  });

  it('keeps the values of Authorization and of the headers in pushpull.history.secretHeaders masked', async () => {
    const config = vscode.workspace.getConfiguration('pushpull.history');
    await config.update('secretHeaders', ['X-Api-Key'], vscode.ConfigurationTarget.Global);
    try {
      const sent = await pull('GET', `${server.url}/secret`, {
        headers: [
          ['Authorization', 'Bearer token-123'],
          ['x-api-key', 'key-456'],
          ['Accept', 'application/json'],
        ],
      });
      await api.requests.handle.add(sent);
      const kept = await api.requests.handle.history?.get(sent.id);
      assert.deepEqual(kept?.request.headers, [
        ['Authorization', 'Bearer •••'],
        ['x-api-key', '•••'],
        ['Accept', 'application/json'],
      ]);
      const curl = await vscode.commands.executeCommand<string>('pushpull.copyExchangeAsCurl', rowOf(api, sent.id));
      assert.doesNotMatch(curl, /token-123|key-456|•••/);
      assert.match(curl, /^# The history keeps Authorization, x-api-key masked/);
    } finally {
      await config.update('secretHeaders', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
