import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FilterCounts } from '../../src/ui/hooksView/hooksTree';
import { post, pushpull, setHooksPerSecond, setPort, shownIds, waitFor } from './util';

type Api = Awaited<ReturnType<typeof pushpull>>;

describe('Webhooks view with large bodies and bursts', function () {
  this.timeout(60_000);
  let api: Api;
  let url: string;

  before(async () => {
    api = await pushpull();
    await setPort(0);
    // A burst of 300 hooks as fast as they go.
    await setHooksPerSecond(0);
    await vscode.commands.executeCommand('pushpull.startListener');
    await api.push.clear();
    url = api.push.address?.url ?? '';
    assert.ok(url);
  });

  after(async () => {
    await vscode.commands.executeCommand('pushpull.hooks.focus');
    await vscode.commands.executeCommand('pushpull.clearHooksFilter');
    await vscode.commands.executeCommand('pushpull.stopListener');
    await api.push.clear();
    await setHooksPerSecond(undefined);
  });

  it('searches bodies over several refreshes within the read budget, finding a match past the first MiB', async () => {
    // 20 MB + 20 MB is over one refresh's 32 MiB: the oldest big body waits for the next refresh.
    const pad = 'x'.repeat(20_000_000);
    // The view has shown the three hooks (and inspected the big bodies on screen) once it refreshed with them visible.
    let shown = false;
    const showing = api.tree.onDidRefresh(() => {
      if (api.hooksView.view.visible && api.tree.counts.total === 3) shown = true;
    });
    assert.equal(await post(`${url}/big/match`, `{"pad":"${pad}","note":"Needle-7F3"}`), 200);
    assert.equal(await post(`${url}/big/miss`, `{"pad":"${pad}","note":"needle-7f"}`), 200);
    assert.equal(await post(`${url}/small/match`, '{"note":"the needle-7f3 is here"}'), 200);
    const [small, miss, match] = api.push.store.list();
    assert.deepEqual([small?.path, miss?.path, match?.path], ['/small/match', '/big/miss', '/big/match']);

    // The view is on screen and has shown the hooks, so only the filter and the view's own refreshes read bodies.
    await vscode.commands.executeCommand('pushpull.hooks.focus');
    await waitFor('view visible', () => api.hooksView.view.visible);
    await waitFor('the view showing the three hooks', () => shown, 10_000);
    showing.dispose();
    const rounds: Array<FilterCounts & { message: string }> = [];
    const subscription = api.tree.onDidRefresh(() =>
      rounds.push({ ...api.tree.counts, message: api.hooksView.view.message ?? '' }),
    );
    try {
      await vscode.commands.executeCommand('pushpull.filterHooks', 'needle-7f3');
      // No getChildren from here: the view itself refreshes again until every body is searched.
      await waitFor('every body searched', () => rounds.some((r) => r.searchedBodies === 3), 10_000);
    } finally {
      subscription.dispose();
    }
    const first = rounds.find((r) => r.pendingBodies > 0);
    assert.ok(first, `a refresh left a body for the next one; rounds: ${JSON.stringify(rounds)}`);
    assert.equal(first.pendingBodies, 1);
    assert.equal(first.shown, 1);
    assert.match(first.message, /Filter "needle-7f3": 1 of 3 hooks \(searching bodies: 1 left\)/);
    assert.deepEqual(await shownIds(api), [small?.id, match?.id]);
    assert.deepEqual(api.tree.counts, { shown: 2, total: 3, searchedBodies: 3, pendingBodies: 0 });
    assert.match(api.hooksView.view.message ?? '', /^Filter "needle-7f3": 2 of 3 hooks\. /);
    await vscode.commands.executeCommand('pushpull.clearHooksFilter');
  });

  it('updates the badge and status bar fewer times than hooks arrive in a burst, ending at the right count', async () => {
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await waitFor('view hidden', () => !api.hooksView.view.visible);
    const before = api.hooksView.unseen;
    const statusBefore = api.statusBar.updates;
    const shownCounts: number[] = [];
    const subscription = api.hooksView.onDidChangeUnseen((count) => shownCounts.push(count));
    const started = Date.now();
    try {
      for (let i = 0; i < 300; i += 30) {
        const statuses = await Promise.all(Array.from({ length: 30 }, (_, j) => post(`${url}/burst/${i + j}`, '{}')));
        assert.deepEqual(new Set(statuses), new Set([200]));
      }
      await waitFor('badge count', () => api.hooksView.view.badge?.value === before + 300);
    } finally {
      subscription.dispose();
    }
    const elapsed = Date.now() - started;
    assert.equal(api.hooksView.unseen, before + 300);
    assert.match(api.statusBar.text, new RegExp(`\\(${before + 300} new\\)$`));
    // One badge update per hook would show every count from before + 1 to before + 300.
    assert.equal(shownCounts.at(-1), before + 300);
    assert.ok(
      shownCounts.every((count, i) => count > (shownCounts[i - 1] ?? before)),
      `the badge only counts up: ${shownCounts.join(', ')}`,
    );
    assert.ok(shownCounts.length < 300, `an update covers several hooks: ${shownCounts.length} for 300`);
    const statusUpdates = api.statusBar.updates - statusBefore;
    assert.ok(statusUpdates < 300, `the status bar too: ${statusUpdates} updates for 300 hooks`);
    console.log(
      `[bench] burst of 300 hooks, view hidden: ${shownCounts.length} badge and ${statusUpdates} status bar updates in ${elapsed} ms (VS Code ${vscode.version})`,
    );
    await vscode.commands.executeCommand('pushpull.hooks.focus');
    await waitFor('badge cleared', () => api.hooksView.unseen === 0);
    assert.equal(api.hooksView.view.badge, undefined);
  });
});
