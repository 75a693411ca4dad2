import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { localApi, pull } from './historyFixture';
import { pushpull, waitFor } from './util';

describe('Requests view with many requests', function () {
  this.timeout(120_000);
  let api: Awaited<ReturnType<typeof pushpull>>;
  let server: Awaited<ReturnType<typeof localApi>>;

  before(async () => {
    api = await pushpull();
    server = await localApi();
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('pushpull.history')
      .update('maxExchanges', undefined, vscode.ConfigurationTarget.Global);
    await api.requests.handle.history?.clear();
    await server.close();
  });

  it('shows the newest 500 of a group with "Load more…", 500 more on each click', async () => {
    const history = await api.requests.handle.ready();
    assert.ok(history);
    await history.clear();
    const real = await pull('GET', `${server.url}/page`);
    // Retention follows pushpull.history.maxExchanges as it changes: 3 kept, then 2.
    for (const n of [1, 2, 3]) await history.add({ ...real, id: `${real.id}-r${n}` });
    const config = vscode.workspace.getConfiguration('pushpull.history');
    await config.update('maxExchanges', 2, vscode.ConfigurationTarget.Global);
    await waitFor('retention applied', () => history.size.exchanges === 2);
    assert.deepEqual(
      history.list().map((e) => e.id),
      [`${real.id}-r3`, `${real.id}-r2`],
    );
    await config.update('maxExchanges', 0, vscode.ConfigurationTarget.Global);
    // The change is applied by the view's listener; applying it here too makes the order certain.
    await history.setLimits({ maxExchanges: 0, maxBytes: 500 * 1024 * 1024 });
    await history.clear();
    const now = Date.now();
    for (let i = 0; i < 1100; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, j) =>
          history.add({ ...real, id: `${real.id}-${i + j}`, startedAt: now - 1100 + i + j }),
        ),
      );
    }
    const [today] = await api.requests.tree.getChildren();
    assert.ok(today?.kind === 'group');
    assert.equal(today.total, 1100);
    let rows = await api.requests.tree.getChildren(today);
    assert.equal(rows.length, 501);
    const more = rows[500];
    assert.ok(more?.kind === 'more');
    assert.equal(more.remaining, 600);
    assert.equal(rows[0]?.kind === 'exchange' && rows[0].exchange.id, `${real.id}-1099`);
    await vscode.commands.executeCommand('pushpull.loadMoreHistory', more);
    await api.requests.tree.getChildren();
    rows = await api.requests.tree.getChildren(today);
    assert.equal(rows.length, 1001);
    assert.equal(rows[1000]?.kind === 'more' && rows[1000].remaining, 100);
    await history.clear();
    await config.update('maxExchanges', undefined, vscode.ConfigurationTarget.Global);
  });
});
