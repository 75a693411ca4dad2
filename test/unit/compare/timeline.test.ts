import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { silentLogger, systemTimers } from '../../../src/core/clock';
import { buildTimeline, identify, timelineInput, type TimelinePaths } from '../../../src/core/compare/timeline';
import { leadChart, timelineMarkdown } from '../../../src/core/compare/timelineText';
import { WATCHES_FILE } from '../../../src/core/compare/watchFile';
import { Watches } from '../../../src/core/compare/watches';
import { HookListener } from '../../../src/core/hooks/listener';
import type { PullOptions } from '../../../src/core/http/options';
import { pull } from '../../../src/core/http/pull';
import { DurableHookStore } from '../../../src/core/store/durable';
import { HistoryStore } from '../../../src/core/store/history';
import { ManualTimers } from '../manualTimers';
import { forwarder, send, startServer, tempDir } from '../helpers';

/**
 * A provider made for the test: it changes a resource at times the test sets, pushes a hook announcing each change
 * to a real listener, and serves the resource on GET. A watch polls it; the clock both sides read is the test's.
 */
describe('timeline: push vs pull, measured against a provider that changes at known times', () => {
  let dir: string;
  let now = 0;
  const clock = { now: () => now };
  let store: DurableHookStore;
  let listener: HookListener;
  let history: HistoryStore;
  let watches: Watches<PullOptions>;
  let provider: Awaited<ReturnType<typeof startServer>>;
  let resource = '';
  const hookBodies: string[] = [];

  async function change(v: number, at: number, hookUrl: string): Promise<void> {
    now = at;
    resource = JSON.stringify({ id: 'r1', v, name: `the resource at version ${v}` });
    const hook = JSON.stringify({ type: 'resource.updated', data: { object: JSON.parse(resource) as unknown } });
    hookBodies.push(hook);
    const answer = await send(`${hookUrl}/hooks/provider`, {
      body: hook,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(answer.status, 200);
  }

  async function pollAt(at: number, timers: ManualTimers, advance: number): Promise<void> {
    now = at;
    const polled = new Promise<void>((resolve) => {
      const sub = watches.onDidChange((event) => {
        if (event.watch?.state.lastPollAt === at) {
          sub.dispose();
          resolve();
        }
      });
    });
    timers.advance(advance);
    await polled;
  }

  before(async () => {
    dir = await tempDir('pushpull-timeline-');
    store = await DurableHookStore.open(dir);
    listener = new HookListener(store, clock, silentLogger, systemTimers, forwarder);
    const { url: hookUrl } = await listener.start({ port: 0, maxHooksPerSecond: 0 });
    history = await HistoryStore.open(path.join(dir, 'history'));
    provider = await startServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(resource),
    );
    const timers = new ManualTimers();
    watches = await Watches.open<PullOptions>({
      file: path.join(dir, WATCHES_FILE),
      logger: silentLogger,
      timers,
      clock,
      sender: () => pull,
      options: () => ({ spillDir: path.join(dir, 'history', 'spill') }),
      record: (exchange, options) => history.add(exchange, options),
    });

    await change(1, 1_000_000, hookUrl);
    now = 1_003_000;
    watches.add('r1', { method: 'GET', url: `${provider.url}/r/1`, headers: [] }, 3000);
    await pollAt(1_003_000, timers, 0); // sees v1: 3 s after its hook
    await pollAt(1_006_000, timers, 3000); // nothing new
    await change(2, 1_007_000, hookUrl);
    await pollAt(1_009_000, timers, 3000); // sees v2: 2 s after its hook
    await pollAt(1_012_000, timers, 3000); // nothing new
    await change(3, 1_013_000, hookUrl); // no poll sees v3
    await watches.flush();
  });

  after(async () => {
    await watches.dispose();
    await listener.stop();
    await history.dispose();
    await store.close();
    await provider.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function timelineOf(paths: TimelinePaths) {
    return buildTimeline(
      timelineInput(
        {
          hooks: store.list(),
          readHookBody: (id) => store.readBody(id),
          watches: watches.list(),
          readPollBody: (id) => history.readBody(id),
        },
        paths,
      ),
    );
  }

  it('lists each change with its push time, its first poll and the lead, and counts polls and bytes', async () => {
    const timeline = await timelineOf({
      pushKey: '$.data.object.id',
      pullKey: '$.id',
      pushVersion: '$.data.object.v',
      pullVersion: '$.v',
    });
    const bodyBytes = Buffer.byteLength(resource);
    assert.deepEqual(timeline, {
      changes: [
        { key: 'r1', version: '1', pushedAt: 1_000_000, pulledAt: 1_003_000, leadMs: 3000 },
        { key: 'r1', version: '2', pushedAt: 1_007_000, pulledAt: 1_009_000, leadMs: 2000 },
        { key: 'r1', version: '3', pushedAt: 1_013_000, pulledAt: null, leadMs: null },
      ],
      polls: 4,
      pollsWithoutChange: 2,
      bytesPushed: hookBodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0),
      bytesPulled: 4 * bodyBytes,
      medianLeadMs: 2500,
    });
  });

  it('without version paths, takes the content of the object holding the key as the version', async () => {
    const timeline = await timelineOf({ pushKey: '$.data.object.id', pullKey: '$.id' });
    assert.deepEqual(
      timeline.changes.map((c) => c.leadMs),
      [3000, 2000, null],
    );
    assert.ok(timeline.changes.every((c) => /^sha256:[0-9a-f]{16}$/.test(c.version)));
  });

  it('counts hooks of other routes only when no route is named', async () => {
    const paths = { pushKey: '$.data.object.id', pullKey: '$.id' };
    const sources = {
      hooks: store.list(),
      readHookBody: (id: string) => store.readBody(id),
      watches: watches.list(),
      readPollBody: (id: string) => history.readBody(id),
    };
    const none = await buildTimeline(timelineInput(sources, paths, 'another-route'));
    assert.equal(none.bytesPushed, 0);
    assert.deepEqual(
      none.changes.map((c) => c.pushedAt),
      [null, null],
    );
  });

  it('writes a Markdown document whose chart draws each lead and escapes what senders chose', async () => {
    const timeline = await timelineOf({ pushKey: '$.data.object.id', pullKey: '$.id' });
    const text = timelineMarkdown(
      { ...timeline, changes: [{ ...timeline.changes[0]!, key: '<img src=x>|`' }, ...timeline.changes.slice(1)] },
      { pushKey: '$.data.object.id', pullKey: '$.id' },
    );
    assert.ok(text.includes('&lt;img src=x&gt;\\|\\`'));
    assert.ok(!text.includes('<img'));
    assert.deepEqual(leadChart(timeline).slice(1, -1), [
      `#1 ${'█'.repeat(40)} 3.00 s`,
      `#2 ${'█'.repeat(27).padEnd(40)} 2.00 s`,
    ]);
  });

  it('finds no key in bodies that are not JSON, nest too deep or lack the key, and is not fooled by __proto__', () => {
    const bytes = (text: string) => Buffer.from(text);
    assert.equal(identify(bytes('not json'), '$.id', undefined), undefined);
    assert.equal(identify(bytes('['.repeat(100_000)), '$.id', undefined), undefined);
    assert.equal(identify(bytes('{"other":1}'), '$.id', undefined), undefined);
    assert.deepEqual(identify(bytes('{"__proto__":{"id":"x"},"id":"y","v":2}'), '$.id', '$.v'), {
      key: 'y',
      version: '2',
    });
  });
});
