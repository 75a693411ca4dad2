import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import type * as http from 'node:http';
import * as path from 'node:path';
import { silentLogger, systemClock } from '../../../src/core/clock';
import { Watches, type WatchEvent } from '../../../src/core/compare/watches';
import { readWatches, WATCHES_FILE } from '../../../src/core/compare/watchFile';
import { watchIdOfName } from '../../../src/core/compare/watchTypes';
import type { PullOptions } from '../../../src/core/http/options';
import { pull } from '../../../src/core/http/pull';
import { HistoryStore } from '../../../src/core/store/history';
import { ManualTimers } from '../manualTimers';
import { startServer, tempDir } from '../helpers';

/** A resource that answers with its ETag and Last-Modified, 304 when the client already has it. */
function resourceServer(): {
  handler: http.RequestListener;
  seen: http.IncomingHttpHeaders[];
  set(body: string): void;
} {
  let body = '{"id":1,"v":1}';
  let version = 1;
  const seen: http.IncomingHttpHeaders[] = [];
  return {
    seen,
    set(next) {
      body = next;
      version++;
    },
    handler(req, res) {
      seen.push(req.headers);
      const etag = `"v${version}"`;
      const modified = new Date(Date.UTC(2026, 0, 1, 0, 0, version)).toUTCString();
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { ETag: etag, 'Last-Modified': modified }).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag, 'Last-Modified': modified }).end(body);
    },
  };
}

describe('watch: polling a request into the history', () => {
  let dir: string;
  let history: HistoryStore;
  let timers: ManualTimers;
  let watches: Watches<PullOptions>;
  let server: Awaited<ReturnType<typeof startServer>>;
  const events: WatchEvent[] = [];

  async function open(): Promise<Watches<PullOptions>> {
    return Watches.open<PullOptions>({
      file: path.join(dir, WATCHES_FILE),
      logger: silentLogger,
      timers,
      clock: systemClock,
      sender: () => pull,
      options: () => ({ spillDir: path.join(dir, 'history', 'spill') }),
      record: (exchange, options) => history.add(exchange, options),
    });
  }

  /** Runs the poll that is due and waits until its state change is reported. */
  async function pollOnce(w: Watches<PullOptions>, ms: number): Promise<WatchEvent> {
    const next = new Promise<WatchEvent>((resolve) => {
      const sub = w.onDidChange((event) => {
        if (event.watch?.state.lastPollAt !== undefined && event.watch.state.polls + event.watch.state.failures > 0) {
          sub.dispose();
          resolve(event);
        }
      });
    });
    timers.advance(ms);
    return next;
  }

  beforeEach(async () => {
    dir = await tempDir('pushpull-watch-');
    history = await HistoryStore.open(path.join(dir, 'history'));
    timers = new ManualTimers();
    events.length = 0;
  });

  afterEach(async () => {
    await watches?.dispose();
    await history.dispose();
    await server?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('sends the validators back, keeps unchanged polls without a body, and logs each change', async () => {
    const resource = resourceServer();
    server = await startServer(resource.handler);
    watches = await open();
    watches.onDidChange((event) => events.push(event));
    const watch = watches.add('the resource', { method: 'GET', url: `${server.url}/r/1`, headers: [] }, 5000);

    const first = await pollOnce(watches, 0);
    assert.equal(first.change?.status, 200);
    assert.equal(resource.seen[0]!['if-none-match'], undefined);

    const second = await pollOnce(watches, 5000);
    assert.equal(second.change, undefined, 'a 304 is no change');
    assert.equal(resource.seen[1]!['if-none-match'], '"v1"');
    assert.equal(resource.seen[1]!['if-modified-since'], 'Thu, 01 Jan 2026 00:00:01 GMT');

    resource.set('{"id":1,"v":2}');
    const third = await pollOnce(watches, 5000);
    assert.equal(third.change?.bytes, 14);

    const state = watches.get(watch.definition.id)!.state;
    assert.deepEqual(
      {
        polls: state.polls,
        without: state.pollsWithoutChange,
        bytes: state.bytesPulled,
        changes: state.changes.length,
      },
      { polls: 3, without: 1, bytes: 28, changes: 2 },
    );
    const kept = history.list();
    assert.equal(kept.length, 3);
    assert.ok(kept.every((s) => s.source === 'watch' && watchIdOfName(s.name) === watch.definition.id));
    const [newest, middle, oldest] = kept;
    assert.equal(Buffer.from((await history.readBody(oldest!.id))!).toString(), '{"id":1,"v":1}');
    assert.equal(middle!.status, 304);
    assert.equal((await history.readBody(middle!.id))!.length, 0);
    assert.equal(Buffer.from((await history.readBody(newest!.id))!).toString(), '{"id":1,"v":2}');
    assert.deepEqual(
      state.changes.map((c) => c.exchangeId),
      [oldest!.id, newest!.id],
    );
  });

  it('keeps a 200 whose body hashes the same as the last change without its body', async () => {
    server = await startServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('same'));
    watches = await open();
    watches.add('plain', { method: 'GET', url: `${server.url}/`, headers: [['Accept', 'text/plain']] }, 1000);
    await pollOnce(watches, 0);
    const second = await pollOnce(watches, 1000);
    assert.equal(second.change, undefined);
    assert.equal(second.watch!.state.pollsWithoutChange, 1);
    assert.equal(second.watch!.state.bytesPulled, 8, 'bytes received count even when the body is not kept');
    const [newest, oldest] = history.list();
    assert.equal((await history.readBody(newest!.id))!.length, 0);
    assert.equal(Buffer.from((await history.readBody(oldest!.id))!).toString(), 'same');
  });

  it('counts a failed poll and goes on polling', async () => {
    server = await startServer((_req, res) => res.end('x'));
    const url = `${server.url}/`;
    await server.close();
    watches = await open();
    watches.add('gone', { method: 'GET', url, headers: [] }, 1000);
    const failed = await pollOnce(watches, 0);
    assert.equal(failed.watch!.state.failures, 1);
    assert.match(failed.watch!.state.lastError ?? '', /^[A-Z_]+: /);
    await watches.flush();
    assert.equal(timers.pending, 1, 'the next poll is due');
    assert.equal(history.list().length, 0);
  });

  it('stops, resumes, and survives a reopen with its state and without credentials in the file', async () => {
    const resource = resourceServer();
    server = await startServer(resource.handler);
    watches = await open();
    const headers: Array<[string, string]> = [
      ['Authorization', 'Bearer sekrit'],
      ['X-Trace', 'on'],
    ];
    const { definition } = watches.add('kept', { method: 'GET', url: `${server.url}/r/1`, headers }, 2000);
    await pollOnce(watches, 0);
    watches.stop(definition.id);
    assert.equal(timers.pending, 1, 'only the coalesced write is due once stopped');
    timers.advance(60_000);
    assert.equal(resource.seen.length, 1);
    await watches.dispose();

    const text = await fs.readFile(path.join(dir, WATCHES_FILE), 'utf8');
    assert.ok(!text.includes('sekrit'));
    const [read] = await readWatches(path.join(dir, WATCHES_FILE));
    assert.deepEqual(read!.definition.request.headers, [['X-Trace', 'on']]);
    assert.equal(read!.state.running, false);

    watches = await open();
    assert.equal(watches.get(definition.id)?.state.polls, 1);
    assert.equal(timers.pending, 0, 'a stopped watch stays stopped after a reload');
    watches.resume(definition.id);
    const resumed = await pollOnce(watches, 0);
    assert.equal(resumed.watch!.state.polls, 2);
    assert.equal(resource.seen[1]!['if-none-match'], '"v1"', 'validators survive the reload');
  });

  it('reads a damaged or hostile watches file as no watches, never trusting it', async () => {
    const file = path.join(dir, WATCHES_FILE);
    await fs.writeFile(file, '{"watches":[{"definition":{"__proto__":{"id":"x"}},"state":{}}, 1, null, "x"]}');
    assert.deepEqual(await readWatches(file), []);
    await fs.writeFile(file, '{"watches":');
    assert.deepEqual(await readWatches(file), []);
    await fs.writeFile(
      file,
      JSON.stringify({
        watches: [
          {
            definition: { id: 'ab', name: 'n', everyMs: 10, request: { method: 'GET', url: 'u', headers: [] } },
            state: { running: true, polls: 0, pollsWithoutChange: 0, bytesPulled: 0, changes: [] },
          },
        ],
      }),
    );
    assert.deepEqual(await readWatches(file), [], 'an interval under a second is refused');
  });
});
