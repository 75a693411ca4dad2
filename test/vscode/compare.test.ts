import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PushPullTestApi } from '../../src/api';
import type { Difference } from '../../src/ui/compare/comparison';
import type { SummaryNode } from '../../src/ui/compare/summaryTree';
import { closeAllEditors, post, pushpull, setPort, waitFor } from './util';

/** A Stripe-like event: the object is under $.data.object. */
const EVENT = {
  id: 'evt_1',
  type: 'customer.updated',
  data: {
    object: { id: 'cus_7', name: 'Ada', email: 'ada@example.com', balance: '100', updated_at: 1, tags: ['a'] },
  },
};
/** What the API says about the customer now: name changed, balance a number, email gone, a new field. */
const API_OBJECT = { id: 'cus_7', name: 'Ada L.', balance: 100, updated_at: 2, tags: ['a'], phone: '+1 555' };

/** The rows under each group of the summary: `kind path: text`. */
async function summaryRows(api: PushPullTestApi): Promise<string[]> {
  const tree = api.compare.summary.tree;
  const rows: string[] = [];
  for (const root of tree.getChildren()) {
    const item = tree.getTreeItem(root);
    rows.push(`${String(item.label)}${item.description ? ` (${String(item.description)})` : ''}`);
    for (const child of tree.getChildren(root)) {
      const row = tree.getTreeItem(child);
      rows.push(`  ${String(row.label)}: ${String(row.description)}`);
    }
  }
  return rows;
}

function differenceAt(api: PushPullTestApi, path: string): Difference {
  const tree = api.compare.summary.tree;
  for (const root of tree.getChildren()) {
    for (const child of tree.getChildren(root) as SummaryNode[]) {
      if (child.kind === 'difference' && child.difference.path === path) return child.difference;
    }
  }
  throw new Error(`No row for ${path}`);
}

describe('Compare With… (structural diff and its summary)', () => {
  let api: PushPullTestApi;
  let dir: string;
  let file: vscode.Uri;

  before(async () => {
    api = await pushpull();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pushpull-compare-ui-'));
    file = vscode.Uri.file(path.join(dir, 'customer.json'));
    await fs.writeFile(file.fsPath, JSON.stringify(API_OBJECT));
    await setPort(0);
    await vscode.commands.executeCommand('pushpull.startListener');
  });

  after(async () => {
    await closeAllEditors();
    await vscode.commands.executeCommand('pushpull.stopListener');
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('compares a hook’s $.data.object with a file, ignoring a path: the diff and a summary row per difference', async () => {
    const url = api.push.address?.url;
    assert.ok(url);
    await post(`${url}/stripe/customers`, JSON.stringify(EVENT), { 'stripe-signature': 't=1,v1=00' });
    const hook = await waitFor('hook', () => api.push.store.list().find((h) => h.path === '/stripe/customers'));

    const opened = await vscode.commands.executeCommand<boolean>('pushpull.compareWith', hook.id, {
      kind: 'file',
      uri: file,
      options: { left: { path: '$.data.object', ignore: ['$.updated_at'] }, right: { ignore: ['$.updated_at'] } },
    });
    assert.equal(opened, true);
    const tab = await waitFor('diff tab', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff && input.modified.path.includes('customer.json')
        ? input
        : undefined;
    });
    const left = (await vscode.workspace.openTextDocument(tab.original)).getText();
    const right = (await vscode.workspace.openTextDocument(tab.modified)).getText();
    assert.equal(
      left,
      JSON.stringify({ balance: '100', email: 'ada@example.com', id: 'cus_7', name: 'Ada', tags: ['a'] }, null, 2),
    );
    assert.equal(
      right,
      JSON.stringify({ balance: 100, id: 'cus_7', name: 'Ada L.', phone: '+1 555', tags: ['a'] }, null, 2),
    );

    assert.deepEqual(await summaryRows(api), [
      'Type changed (1)',
      '  $.balance: "100" → 100',
      'Changed (1)',
      '  $.name: "Ada" → "Ada L."',
      'Only left (1)',
      '  $.email: "ada@example.com"',
      'Only right (1)',
      '  $.phone: "+1 555"',
    ]);
    const shown = api.compare.summary.tree.comparison;
    assert.ok(shown);
    assert.equal(shown.left.uri.toString(), tab.original.toString());
  });

  it('a summary row reveals its line on both sides of the diff', async () => {
    const revealed = await vscode.commands.executeCommand<{ left?: number; right?: number }>(
      'pushpull.revealDifference',
      differenceAt(api, '$.name'),
    );
    assert.deepEqual(revealed, { left: 4, right: 3 });
    const comparison = api.compare.summary.tree.comparison;
    assert.ok(comparison);
    const right = await waitFor('the right side selected at $.name', () =>
      vscode.window.visibleTextEditors.find(
        (e) => e.document.uri.toString() === comparison.right.uri.toString() && e.selection.active.line === 3,
      ),
    );
    assert.match(right.document.lineAt(3).text, /"name": "Ada L\."/);
    const left = vscode.window.visibleTextEditors.find(
      (e) => e.document.uri.toString() === comparison.left.uri.toString(),
    );
    assert.ok(left, 'the left side is shown');
    assert.equal(left.selection.active.line, 4);
    assert.match(left.document.lineAt(4).text, /"name": "Ada"/);

    const onlyLeft = await vscode.commands.executeCommand<{ left?: number; right?: number }>(
      'pushpull.revealDifference',
      differenceAt(api, '$.email'),
    );
    assert.deepEqual(onlyLeft, { left: 2, right: undefined });
  });

  it('a bad JSONPath gives a clear error and opens nothing', async () => {
    await closeAllEditors();
    const hook = await waitFor('hook', () => api.push.store.list().find((h) => h.path === '/stripe/customers'));
    const before = api.compare.summary.tree.comparison;
    const errors: string[] = [];
    const watch = api.compare.onDidShowError((message) => errors.push(message));
    try {
      const opened = await vscode.commands.executeCommand<boolean>('pushpull.compareWith', hook.id, {
        kind: 'file',
        uri: file,
        options: { left: { path: '$.data[?(@.' } },
      });
      assert.equal(opened, false);
      const missing = await vscode.commands.executeCommand<boolean>('pushpull.compareWith', hook.id, {
        kind: 'file',
        uri: file,
        options: { left: { path: '$.data.nothing' } },
      });
      assert.equal(missing, false);
    } finally {
      watch.dispose();
    }
    assert.equal(errors.length, 2, errors.join('\n'));
    assert.match(
      errors[0] ?? '',
      /^Nothing compared \(the left side, POST \/stripe\/customers \(push\)\): The compared path "\$\.data\[\?\(@\." is not a JSONPath/,
    );
    assert.match(errors[1] ?? '', /selects nothing/);
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, 0, 'no editor opened');
    assert.equal(api.compare.summary.tree.comparison, before === undefined ? undefined : before);
  });

  it('remembers the options chosen for a route and compares two hooks by key, in any order', async () => {
    const url = api.push.address?.url;
    assert.ok(url);
    await post(
      `${url}/orders`,
      JSON.stringify({
        items: [
          { id: 1, qty: 1 },
          { id: 2, qty: 5 },
        ],
      }),
    );
    await post(
      `${url}/orders`,
      JSON.stringify({
        items: [
          { id: 2, qty: 5 },
          { id: 1, qty: 2 },
        ],
      }),
    );
    const [newest, older] = await waitFor('two orders', () => {
      const orders = api.push.store.list().filter((h) => h.path === '/orders');
      return orders.length === 2 ? orders : undefined;
    });
    assert.ok(newest && older);
    await api.compare.remembered.set('path:/orders', { arrayKey: 'id' });
    const opened = await vscode.commands.executeCommand<boolean>('pushpull.compareWith', older.id, {
      kind: 'hook',
      id: newest.id,
    });
    assert.equal(opened, true);
    assert.deepEqual(await summaryRows(api), ['Changed (1)', '  $.items[?(@.id==1)].qty: 1 → 2']);
    assert.deepEqual(api.compare.remembered.optionsFor('path:/orders', undefined), {
      left: undefined,
      right: undefined,
      arrayKey: 'id',
    });
  });
});
