import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HookTreeNode } from '../../src/ui/hooksView/rows';
import { closeAllEditors, post, pushpull, setHooksPerSecond, setPort, waitFor } from './util';

type Api = Awaited<ReturnType<typeof pushpull>>;

async function rows(api: Api, parent?: HookTreeNode): Promise<HookTreeNode[]> {
  return api.tree.getChildren(parent);
}

function label(api: Api, node: HookTreeNode): string {
  const item = api.tree.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

async function setting(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
}

describe('Webhooks view', function () {
  this.timeout(60_000);
  let api: Api;
  let url: string;

  before(async () => {
    api = await pushpull();
    await setPort(0);
    // Some tests send hundreds of hooks as fast as they go.
    await setHooksPerSecond(0);
    await setting('pushpull.listener', 'routes', [{ name: 'GitHub', pathPrefix: '/github' }]);
    await vscode.commands.executeCommand('pushpull.startListener');
    await api.push.clear();
    url = api.push.address?.url ?? '';
    assert.ok(url);
    await post(`${url}/github/push`, '{"ref":"main","action":"created"}', { 'X-GitHub-Event': 'push' });
    await post(`${url}/stripe/events`, '{"id":"evt_1","type":"charge.succeeded"}');
    await post(`${url}/stripe/events`, `{"id":"evt_2","type":"invoice.paid","pad":"${'x'.repeat(20_000)}"}`, {
      'content-type': 'application/json',
    });
    await waitFor('3 hooks', () => api.push.store.size === 3);
  });

  after(async () => {
    await vscode.commands.executeCommand('pushpull.clearHooksFilter');
    await setting('pushpull.listener', 'routes', undefined);
    await setting('pushpull.hooks', 'groupBy', undefined);
    await setHooksPerSecond(undefined);
    await vscode.commands.executeCommand('pushpull.stopListener');
    await closeAllEditors();
  });

  it('groups by route (else by first path segment), newest first, with event, size, status and time', async () => {
    const groups = await rows(api);
    assert.deepEqual(
      groups.map((g) => label(api, g)),
      ['/stripe', 'GitHub'],
    );
    assert.match(String(api.tree.getTreeItem(groups[0]!).description), /no route · 2 hooks/);
    const stripe = await rows(api, groups[0]);
    assert.deepEqual(
      stripe.map((n) => label(api, n)),
      ['POST /stripe/events', 'POST /stripe/events'],
    );
    // The 20 KB body is inspected when shown: its event type still appears.
    assert.match(String(api.tree.getTreeItem(stripe[0]!).description), /^invoice\.paid · \d+\.\d KB · 200 · just now$/);
    assert.match(String(api.tree.getTreeItem(stripe[1]!).description), /^charge\.succeeded · 40 B · 200 · just now$/);
    const github = await rows(api, groups[1]);
    const item = api.tree.getTreeItem(github[0]!);
    assert.match(String(item.description), /^push\.created · /);
    // The tooltip is made when the row is hovered.
    assert.equal(item.tooltip, undefined);
    assert.match(String(api.tree.resolveTreeItem(item, github[0]!).tooltip), /X-GitHub-Event: push/);
  });

  it('switches to grouping by day and to a flat list', async () => {
    await setting('pushpull.hooks', 'groupBy', 'day');
    const days = await rows(api);
    assert.deepEqual(
      days.map((g) => label(api, g)),
      ['Today'],
    );
    await setting('pushpull.hooks', 'groupBy', 'none');
    const flat = await rows(api);
    assert.equal(flat.length, 3);
    assert.ok(flat.every((n) => n.kind === 'hook'));
    await setting('pushpull.hooks', 'groupBy', undefined);
  });

  it('filters by method, path, header and body text, says so in the view, and clears', async () => {
    await vscode.commands.executeCommand('pushpull.filterHooks', 'path:/stripe');
    let groups = await rows(api);
    assert.deepEqual(
      groups.map((g) => label(api, g)),
      ['/stripe'],
    );
    assert.match(api.hooksView.view.message ?? '', /Filter "path:\/stripe": 2 of 3 hooks/);
    await vscode.commands.executeCommand('pushpull.filterHooks', 'header:x-github-event=push');
    groups = await rows(api);
    assert.deepEqual(
      groups.map((g) => label(api, g)),
      ['GitHub'],
    );
    await vscode.commands.executeCommand('pushpull.filterHooks', 'charge.succeeded');
    assert.equal(api.tree.counts.shown, 1);
    await vscode.commands.executeCommand('pushpull.filterHooks', 'method:GET');
    assert.deepEqual(await rows(api), []);
    await vscode.commands.executeCommand('pushpull.clearHooksFilter');
    assert.equal(api.hooksView.view.message, undefined);
    assert.equal((await rows(api)).length, 2);
  });

  it('shows the newest 500 of a group with "Load more…"', async () => {
    const body = '{"n":1}';
    for (let i = 0; i < 510; i += 30) {
      const statuses = await Promise.all(Array.from({ length: 30 }, (_, j) => post(`${url}/bulk/${i + j}`, body)));
      assert.deepEqual(new Set(statuses), new Set([200]), `answers: ${statuses.join(',')}`);
    }
    const groups = await rows(api);
    const bulk = groups.find((g) => label(api, g) === '/bulk');
    assert.ok(bulk, `groups: ${groups.map((g) => label(api, g)).join(', ')}; stored ${api.push.store.size}`);
    let children = await rows(api, bulk);
    assert.equal(children.length, 501);
    const more = children[500]!;
    assert.equal(more.kind, 'more');
    assert.equal(label(api, more), 'Load more…');
    assert.match(String(api.tree.getTreeItem(more).description), /^10 older$/);
    await vscode.commands.executeCommand('pushpull.loadMoreHooks', more);
    const again = (await rows(api)).find((g) => label(api, g) === '/bulk');
    children = await rows(api, again);
    assert.equal(children.length, 510);
    assert.ok(children.every((n) => n.kind === 'hook'));
  });

  it('counts hooks that arrive while the view is hidden in the badge and the status bar', async () => {
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    const before = api.hooksView.unseen;
    await post(`${url}/github/unseen`, '{}');
    await waitFor('badge count', () => api.hooksView.view.badge?.value === before + 1);
    assert.equal(api.hooksView.unseen, before + 1);
    assert.match(api.statusBar.text, /\(\d+ new\)$/);
    await vscode.commands.executeCommand('pushpull.hooks.focus');
    await waitFor('badge cleared', () => api.hooksView.unseen === 0);
    assert.doesNotMatch(api.statusBar.text, /new\)/);
  });
});

describe('Webhook actions', function () {
  this.timeout(30_000);
  let api: Api;
  let hookNode: HookTreeNode;
  let app: http.Server;
  let appUrl: string;
  const seen: Array<{ method?: string; url?: string; body: string; event?: string }> = [];

  before(async () => {
    api = await pushpull();
    await setPort(0);
    await vscode.commands.executeCommand('pushpull.startListener');
    const url = api.push.address?.url ?? '';
    await post(`${url}/github/actions?x=1`, '{"zen":"Keep it logically awesome."}', { 'X-GitHub-Event': 'ping' });
    const hook = await waitFor('hook', () => api.push.store.list().find((h) => h.path === '/github/actions'));
    hookNode = { kind: 'hook', hook };
    app = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          body: Buffer.concat(chunks).toString(),
          event: req.headers['x-github-event'] as string,
        });
        res.writeHead(202);
        res.end('accepted by app');
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });

  after(async () => {
    await vscode.commands.executeCommand('pushpull.stopListener');
    await new Promise((resolve) => app.close(resolve));
    await closeAllEditors();
  });

  it('copies as cURL and as a .http request', async () => {
    const curl = await vscode.commands.executeCommand<string>('pushpull.copyAsCurl', hookNode);
    // POST is what curl sends with --data-raw, so the command does not say -X POST.
    assert.match(curl, /^curl 'http:\/\/127\.0\.0\.1:\d+\/github\/actions\?x=1'/);
    assert.match(curl, /--proto '=http,https'/);
    assert.match(curl, /-H 'X-GitHub-Event: ping'/);
    assert.match(curl, /--data-raw '\{"zen":"Keep it logically awesome\."\}'$/);
    const request = await vscode.commands.executeCommand<string>('pushpull.copyAsHttp', hookNode);
    assert.match(request, /\nPOST http:\/\/127\.0\.0\.1:\d+\/github\/actions\?x=1 HTTP\/1\.1\n/);
    assert.ok(request.endsWith('\n\n{"zen":"Keep it logically awesome."}\n'));
  });

  it('saves the exact body bytes and exports HAR 1.2', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pushpull-save-'));
    const file = vscode.Uri.file(path.join(dir, 'body.json'));
    await vscode.commands.executeCommand('pushpull.saveBodyAs', hookNode, undefined, file);
    assert.equal(await fs.readFile(file.fsPath, 'utf8'), '{"zen":"Keep it logically awesome."}');
    const har = vscode.Uri.file(path.join(dir, 'hooks.har'));
    await vscode.commands.executeCommand('pushpull.exportHar', hookNode, [hookNode], har);
    const data = JSON.parse(await fs.readFile(har.fsPath, 'utf8')) as {
      log: { entries: Array<{ request: { url: string } }> };
    };
    const validator = require('har-validator') as { har(d: unknown): Promise<unknown> };
    await validator.har(data);
    assert.equal(data.log.entries.length, 1);
    assert.match(data.log.entries[0]?.request.url ?? '', /\/github\/actions\?x=1$/);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('replays to exactly the URL given and reports what the app answered', async () => {
    const result = await vscode.commands.executeCommand<{ status?: number; body?: string; target?: string }>(
      'pushpull.replayTo',
      hookNode,
      undefined,
      `${appUrl}/receiver`,
    );
    assert.equal(result.status, 202);
    assert.equal(result.body, 'accepted by app');
    assert.equal(result.target, `${appUrl}/receiver`);
    assert.deepEqual(seen.at(-1), {
      method: 'POST',
      url: '/receiver',
      body: '{"zen":"Keep it logically awesome."}',
      event: 'ping',
    });
  });

  it("replays with the hook's path kept after the URL when asked to", async () => {
    const result = await vscode.commands.executeCommand<{ status?: number; target?: string }>(
      'pushpull.replayTo',
      hookNode,
      undefined,
      { target: `${appUrl}/receiver`, keepPath: true },
    );
    assert.equal(result.status, 202);
    assert.equal(result.target, `${appUrl}/receiver/github/actions?x=1`);
    assert.equal(seen.at(-1)?.url, '/receiver/github/actions?x=1');
  });

  it('refuses to replay to a target that is not an http(s) URL, and sends nothing', async () => {
    const before = seen.length;
    const result = await vscode.commands.executeCommand('pushpull.replayTo', hookNode, undefined, 'ftp://localhost/x');
    assert.equal(result, undefined);
    assert.equal(seen.length, before);
  });

  it('opens the raw body and compares two selected hooks', async () => {
    await vscode.commands.executeCommand('pushpull.openRawBody', hookNode);
    const editor = await waitFor('raw editor', () => vscode.window.activeTextEditor);
    assert.equal(editor.document.getText(), '{"zen":"Keep it logically awesome."}');
    const other = api.push.store.list().find((h) => h.path !== '/github/actions');
    assert.ok(other);
    const otherNode: HookTreeNode = { kind: 'hook', hook: other };
    await vscode.commands.executeCommand('pushpull.compareWith', hookNode, [hookNode, otherNode]);
    const tab = await waitFor('diff', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    });
    assert.match(
      (await vscode.workspace.openTextDocument(tab.original)).getText(),
      /"zen": "Keep it logically awesome."/,
    );
  });

  it('pins a hook so retention keeps it, and deletes hooks', async () => {
    const url = api.push.address?.url ?? '';
    await post(`${url}/keep/me`, '{"keep":true}');
    const keep = await waitFor('hook', () => api.push.store.list().find((h) => h.path === '/keep/me'));
    assert.equal(await vscode.commands.executeCommand('pushpull.pinHook', { kind: 'hook', hook: keep }), 1);
    const pinned = api.push.store.get(keep.id);
    assert.equal(pinned?.pinned, true);
    const item = api.tree.getTreeItem({ kind: 'hook', hook: pinned! });
    assert.equal(item.contextValue, 'hook.pinned');
    assert.match(String(item.description), /^pinned · /);

    const store = vscode.workspace.getConfiguration('pushpull.store');
    try {
      await store.update('maxHooks', 3, vscode.ConfigurationTarget.Global);
      // The settings change restarts the listener on a new free port.
      const restarted = await waitFor(
        'listener after restart',
        () => api.push.address?.url !== url && api.push.address?.url,
      );
      for (let i = 0; i < 6; i++) assert.equal(await post(`${restarted}/churn/${i}`, '{}'), 200);
      assert.ok(api.push.store.get(keep.id), 'a pinned hook survives retention');
      // The pinned hook counts toward the 3 it keeps: it, and the newest two of the rest.
      assert.deepEqual(
        api.push.store.list().map((h) => h.path),
        ['/churn/5', '/churn/4', '/keep/me'],
        'retention still applies to the rest',
      );
    } finally {
      await store.update('maxHooks', undefined, vscode.ConfigurationTarget.Global);
    }

    await vscode.commands.executeCommand('pushpull.unpinHook', keep.id);
    assert.notEqual(api.push.store.get(keep.id)?.pinned, true);
    const churn = api.push.store.list().filter((h) => h.path.startsWith('/churn/'));
    const deleted = await vscode.commands.executeCommand<number>(
      'pushpull.deleteHook',
      churn[0]?.id,
      churn.map((h) => h.id),
      true,
    );
    assert.equal(deleted, churn.length);
    assert.equal(api.push.store.list().filter((h) => h.path.startsWith('/churn/')).length, 0);
    assert.equal(await api.push.store.readBody(churn[0]!.id), undefined);
  });
});
