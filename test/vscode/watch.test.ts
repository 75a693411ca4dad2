import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { Timeline } from '../../src/core/compare/timeline';
import type { WatchNode } from '../../src/ui/watch/watchTree';
import { closeAllEditors, pushpull, waitFor } from './util';

type Api = Awaited<ReturnType<typeof pushpull>>;

describe('Watches view: a watch shows its changes', function () {
  this.timeout(60_000);
  let api: Api;
  let server: http.Server;
  let url: string;
  let version = 1;

  before(async () => {
    api = await pushpull();
    server = http.createServer((req, res) => {
      const etag = `"v${version}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { ETag: etag }).end();
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag }).end(JSON.stringify({ id: 'r1', version }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/items/r1`;
  });

  after(async () => {
    await closeAllEditors();
    await new Promise((resolve) => server.close(resolve));
  });

  it('lists each change, diffs it with the one before, shows the timeline, stops and deletes', async () => {
    const id = (await vscode.commands.executeCommand('pushpull.watchRequest', url, 1)) as string;
    assert.match(id, /^[0-9a-f]{8}$/);
    const tree = api.watches.tree;
    const watchNode: WatchNode = { kind: 'watch', id };
    const changes = (): WatchNode[] => tree.getChildren(watchNode);
    await waitFor('the first change', () => changes().length === 1, 15_000);
    await waitFor(
      'a poll answered 304',
      () => /[2-9]\d* polls/.test(String(tree.getTreeItem(watchNode).description)),
      15_000,
    );
    version = 2;
    await waitFor('the second change', () => changes().length === 2, 15_000);
    const item = tree.getTreeItem(watchNode);
    assert.equal(item.label, `GET ${url}`);
    assert.match(String(item.description), /^every 1 s · \d+ polls, 2 changes$/);
    assert.equal(item.contextValue, 'watch-running');
    const newest = tree.getTreeItem(changes()[0]!);
    assert.match(String(newest.description), /^200 · \d+ B$/);

    await vscode.commands.executeCommand('pushpull.diffWatchChange', changes()[0]);
    const tab = await waitFor('the diff editor', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    });
    const [left, right] = await Promise.all([
      vscode.workspace.openTextDocument(tab.original),
      vscode.workspace.openTextDocument(tab.modified),
    ]);
    assert.match(left.getText(), /"version": 1/);
    assert.match(right.getText(), /"version": 2/);

    const timeline = (await vscode.commands.executeCommand('pushpull.showTimeline', {
      pushKey: '$.object.id',
      pullKey: '$.id',
      pushVersion: '$.object.version',
      pullVersion: '$.version',
    })) as Timeline;
    assert.ok(timeline.polls >= 3);
    assert.ok(timeline.changes.some((c) => c.key === 'r1' && c.version === '2' && c.pulledAt !== null));
    const document = vscode.window.activeTextEditor?.document;
    assert.equal(document?.uri.scheme, 'pushpull-timeline');
    assert.equal(document?.languageId, 'markdown');
    assert.match(document?.getText() ?? '', /^# Push vs pull timeline/);

    await vscode.commands.executeCommand('pushpull.stopWatch', watchNode);
    assert.equal(tree.getTreeItem(watchNode).contextValue, 'watch-stopped');
    await vscode.commands.executeCommand('pushpull.deleteWatch', watchNode);
    assert.ok(!tree.getChildren().some((node) => node.kind === 'watch' && node.id === id));
  });
});
