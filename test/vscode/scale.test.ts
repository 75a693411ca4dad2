import * as assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CapturedHook } from '../../src/core/model/hook';
import { DurableHookStore } from '../../src/core/store/durable';
import type { HookTreeNode } from '../../src/ui/hooksView/rows';
import { pushpull, setHooksPerSecond, setPort, shownIds, waitFor } from './util';

type Api = Awaited<ReturnType<typeof pushpull>>;

/** Figures go to the log with a [bench] prefix and into BENCHMARKS.md by hand; nothing here asserts a duration. */
function bench(name: string, value: string): void {
  console.log(`[bench] ${name}: ${value} (VS Code ${vscode.version})`);
}

function fakeHook(i: number, now: number): CapturedHook {
  const body = Buffer.from(`{"type":"scale.event","n":${i}}`);
  return {
    id: `${String(now - 1_000_000 + i).padStart(14, '0')}-000000`,
    receivedAt: now - 1_000_000 + i,
    method: 'POST',
    url: `/scale${i % 3}/event`,
    fullUrl: `http://127.0.0.1/scale${i % 3}/event`,
    path: `/scale${i % 3}/event`,
    query: [],
    headers: [
      ['content-type', 'application/json'],
      ['user-agent', 'scale-test'],
    ],
    httpVersion: '1.1',
    remoteAddress: '127.0.0.1',
    remotePort: 1,
    contentType: 'application/json',
    bodySize: body.length,
    bodySha256: '0'.repeat(64),
    bodyMs: 0,
    flags: [],
    event: 'scale.event',
    route: undefined,
    answerStatus: 200,
    body,
  };
}

describe('Webhooks view at scale', function () {
  this.timeout(300_000);
  let api: Api;

  before(async () => {
    api = await pushpull();
    await setPort(0);
    // A burst of 1,000 hooks a second from one address.
    await setHooksPerSecond(0);
    await vscode.workspace.getConfiguration('pushpull.store').update('maxHooks', 0, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('pushpull.stopListener');
    await api.push.clear();
  });

  after(async () => {
    await vscode.commands.executeCommand('pushpull.stopListener');
    await api.push.clear();
    await vscode.workspace
      .getConfiguration('pushpull.store')
      .update('maxHooks', undefined, vscode.ConfigurationTarget.Global);
    await setHooksPerSecond(undefined);
  });

  it('opens 100,000 stored hooks showing the newest 500 per group with "Load more…"', async () => {
    const writer = await DurableHookStore.open(api.push.location, { maxHooks: 0, maxBytes: 0 });
    const now = Date.now();
    for (let i = 0; i < 100_000; i += 2000) {
      await Promise.all(Array.from({ length: 2000 }, (_, j) => writer.add(fakeHook(i + j, now))));
    }
    await writer.close();

    const started = performance.now();
    await vscode.commands.executeCommand('pushpull.startListener');
    const loaded = performance.now();
    const groups = await api.tree.getChildren();
    const firstRows = await api.tree.getChildren(groups[0]);
    const shown = performance.now();
    bench('100,000 hooks: store opened for listening', `${(loaded - started).toFixed(0)} ms`);
    bench('100,000 hooks: view root and first group computed', `${(shown - loaded).toFixed(0)} ms`);

    assert.equal(api.push.store.size, 100_000);
    // Hook i goes to /scale{i % 3}: 33,334 to /scale0 (i = 0, 3, …, 99,999), 33,333 to each of the others.
    // Groups come in the order of their newest hook, and the newest (i = 99,999) went to /scale0.
    assert.deepEqual(
      groups.map((group) => (group.kind === 'group' ? [group.label, group.total] : [])),
      [
        ['/scale0', 33_334],
        ['/scale2', 33_333],
        ['/scale1', 33_333],
      ],
    );
    assert.equal(firstRows.length, 501);
    const more = firstRows[500] as Extract<HookTreeNode, { kind: 'more' }>;
    assert.equal(more.kind, 'more');
    assert.equal(more.remaining, 33_334 - 500, 'the rest of /scale0 after the newest 500');
  });

  it('keeps up with a burst of 1,000 hooks/s: refreshes coalesced, each hook shown soon after its 2xx', async () => {
    await api.push.clear();
    await vscode.workspace
      .getConfiguration('pushpull.hooks')
      .update('groupBy', 'none', vscode.ConfigurationTarget.Global);
    const url = api.push.address?.url;
    assert.ok(url);
    const seenAt = new Map<string, number>();
    const refreshes: number[] = [];
    let lagMax = 0;
    let last = performance.now();
    const lagProbe = setInterval(() => {
      const t = performance.now();
      lagMax = Math.max(lagMax, t - last - 20);
      last = t;
    }, 20);
    const subscription = api.tree.onDidChangeTreeData(async () => {
      refreshes.push(Date.now());
      for (const id of await shownIds(api)) if (!seenAt.has(id)) seenAt.set(id, Date.now());
    });
    let changes = 0;
    const changing = api.push.onDidChange(() => changes++);
    const statusBefore = api.statusBar.updates;
    const acks = new Map<string, number>();
    const child = fork(path.join(__dirname, 'fixtures', 'burst.js'), [url, '1000', '3'], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [id, at] = line.split(' ');
        if (id && at) acks.set(id, Number(at));
      }
    });
    let summary = '';
    child.stderr?.on('data', (chunk: Buffer) => (summary += chunk.toString()));
    await new Promise((resolve) => child.on('exit', resolve));
    await waitFor(
      'every acknowledged hook shown in the tree',
      () => [...acks.keys()].every((id) => seenAt.has(id)),
      30_000,
    );
    subscription.dispose();
    changing.dispose();
    clearInterval(lagProbe);
    await vscode.workspace
      .getConfiguration('pushpull.hooks')
      .update('groupBy', undefined, vscode.ConfigurationTarget.Global);

    assert.match(summary, /sent 3000, failed 0/);
    assert.equal(acks.size, 3000);
    const delays = [...acks].map(([id, at]) => (seenAt.get(id) ?? Number.POSITIVE_INFINITY) - at).sort((a, b) => a - b);
    const missing = delays.filter((d) => !Number.isFinite(d)).length;
    assert.equal(missing, 0, 'every acknowledged hook appears in the tree');
    // Each hook changes the store at least once; a refresh or status bar update per change would be as many.
    assert.ok(changes >= 3000, `${changes} store changes for 3,000 hooks`);
    assert.ok(refreshes.length < changes, `tree refreshes are coalesced: ${refreshes.length} for ${changes} changes`);
    const statusUpdates = api.statusBar.updates - statusBefore;
    assert.ok(statusUpdates < changes, `status bar updates are coalesced: ${statusUpdates} for ${changes} changes`);
    const span = (refreshes.at(-1)! - refreshes[0]!) / 1000;
    const perSecond = refreshes.length / Math.max(span, 1);
    assert.match(api.statusBar.text, / · 3000 hooks/, 'and the status bar ends with the right count');
    const p = (q: number): number => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] ?? 0;
    bench(
      'burst 1,000 hooks/s for 3 s: hook visible after its 2xx',
      `p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${delays.at(-1)} ms`,
    );
    bench('burst 1,000 hooks/s: tree refreshes', `${perSecond.toFixed(1)} per second`);
    bench('burst 1,000 hooks/s: status bar updates', `${statusUpdates} for ${changes} store changes`);
    bench('burst 1,000 hooks/s: extension host event-loop lag', `max ${lagMax.toFixed(0)} ms`);
  });
});
