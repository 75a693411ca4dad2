import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PulledExchange } from '../../src/core/model/pulled';
import { HistoryStore } from '../../src/core/store/history';
import { pushpull } from './util';

/** Figures go to the log with a [bench] prefix (beside the Webhooks view's, same run); nothing here asserts a duration. */
function bench(name: string, value: string): void {
  console.log(`[bench] ${name}: ${value} (VS Code ${vscode.version})`);
}

const HOSTS = ['api.github.com', 'api.stripe.com', 'localhost:3000'];

function exchange(i: number, now: number): PulledExchange {
  const body = { kind: 'memory' as const, bytes: Buffer.from(`{"n":${i}}`) };
  const url = `https://${HOSTS[i % 3]}/scale/${i % 5 === 0 ? 'charges' : 'items'}/${i}`;
  return {
    id: `scale-${String(i).padStart(6, '0')}`,
    startedAt: now - 1_000_000 + i,
    source: 'panel',
    request: {
      method: i % 4 === 0 ? 'POST' : 'GET',
      url,
      headers: [['Accept', 'application/json']],
      body: { kind: 'none' },
    },
    response: {
      url,
      status: i % 7 === 0 ? 404 : 200,
      statusText: '',
      httpVersion: '1.1',
      headers: [['content-type', 'application/json']],
      raw: body,
      decoded: body,
      truncated: false,
      timings: { firstByte: 1, download: 0, total: 1, reusedConnection: false },
      redirects: [],
    },
  };
}

describe('Requests view at scale', function () {
  this.timeout(300_000);
  let api: Awaited<ReturnType<typeof pushpull>>;

  before(async () => {
    api = await pushpull();
    await vscode.workspace
      .getConfiguration('pushpull.history')
      .update('maxExchanges', 0, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('pushpull.clearHistoryFilter');
    await api.requests.handle.history?.clear();
    await vscode.workspace
      .getConfiguration('pushpull.history')
      .update('maxExchanges', undefined, vscode.ConfigurationTarget.Global);
  });

  it('opens 100,000 kept requests showing the newest 500 per group, and filters them', async () => {
    // Paging starts afresh (a page opened by an earlier test stays open until the filter changes, as in Webhooks).
    await vscode.commands.executeCommand('pushpull.clearHistoryFilter');
    await api.requests.handle.close();
    const writer = await HistoryStore.open(api.requests.location, { limits: { maxExchanges: 0, maxBytes: 0 } });
    try {
      await writer.clear();
      const now = Date.now();
      for (let i = 0; i < 100_000; i += 2000) {
        await Promise.all(Array.from({ length: 2000 }, (_, j) => writer.add(exchange(i + j, now))));
      }
    } finally {
      await writer.dispose();
    }

    const started = performance.now();
    const history = await api.requests.handle.open();
    const opened = performance.now();
    const groups = await api.requests.tree.getChildren();
    const firstRows = await api.requests.tree.getChildren(groups[0]);
    const shown = performance.now();
    bench('100,000 requests: history opened', `${(opened - started).toFixed(0)} ms`);
    bench('100,000 requests: Requests view root and first group computed', `${(shown - opened).toFixed(0)} ms`);
    assert.equal(history?.size.exchanges, 100_000);
    assert.equal(groups.length, 1, 'all sent today');
    assert.equal(groups[0]?.kind === 'group' && groups[0].total, 100_000);
    assert.equal(firstRows.length, 501);
    assert.equal(firstRows[500]?.kind === 'more' && firstRows[500].remaining, 99_500);

    const filtering = performance.now();
    assert.equal(
      await vscode.commands.executeCommand('pushpull.filterHistory', 'method:POST status:4xx charges'),
      true,
    );
    const [group] = await api.requests.tree.getChildren();
    const filtered = performance.now();
    bench('100,000 requests: filter applied and root computed', `${(filtered - filtering).toFixed(0)} ms`);
    // POST is i % 4 == 0, 404 is i % 7 == 0, charges is i % 5 == 0: i % 140 == 0, 715 of 100,000 (0 … 99,960).
    assert.equal(group?.kind === 'group' && group.total, 715);
    assert.equal(api.requests.tree.counts.shown, 715);
  });
});
