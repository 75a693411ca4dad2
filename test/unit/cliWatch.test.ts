import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { killChildren, listen, run, start } from './cliProcess';
import { send, startServer, tempDir } from './helpers';

/** Lines a child writes to stdout, and a way to wait for the next one that matches. */
function lines(child: ReturnType<typeof start>): (pattern: RegExp) => Promise<string> {
  let text = '';
  const waiting: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const seen: string[] = [];
  child.stdout.on('data', (d: Buffer) => {
    text += d.toString();
    const parts = text.split('\n');
    text = parts.pop() ?? '';
    for (const line of parts) {
      const w = waiting.find((candidate) => candidate.pattern.test(line));
      if (!w) seen.push(line);
      else {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  return (pattern) =>
    new Promise((resolve) => {
      const already = seen.find((line) => pattern.test(line));
      if (already !== undefined) {
        seen.splice(seen.indexOf(already), 1);
        resolve(already);
      } else waiting.push({ pattern, resolve });
    });
}

describe('pushpull watch and timeline (CLI, spawned)', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;

  beforeEach(async () => {
    dir = await tempDir('pushpull-cli-watch-');
  });

  afterEach(async () => {
    await killChildren();
    await server?.close();
    server = undefined;
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('watches beside a listener on one store, stops on SIGINT with 0, and the timeline sets both side by side', async () => {
    let version = 1;
    server = await startServer((req, res) => {
      const etag = `"v${version}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { ETag: etag }).end();
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag }).end(JSON.stringify({ id: 7, v: version }));
    });
    const listener = await listen(['--store', dir, '--port', '0']);
    await send(`${listener.url}/hooks`, {
      body: JSON.stringify({ object: { id: 7, v: 1 } }),
      headers: { 'content-type': 'application/json' },
    });

    const watch = start(['watch', '--url', `${server.url}/items/7`, '--every', '1', '--store', dir]);
    const exited = new Promise<number | null>((resolve) => watch.on('close', resolve));
    const next = lines(watch);
    assert.equal(await next(/^watching /), `watching ${server.url}/items/7 every 1 s`);
    assert.match(await next(/ changed$/), /^\d{4}-\d\d-\d\dT[\d:.]+Z 200 \d+ B changed$/);
    assert.match(await next(/ same$/), / same$/, 'the 304 that follows is no change');
    version = 2;
    await send(`${listener.url}/hooks`, {
      body: JSON.stringify({ object: { id: 7, v: 2 } }),
      headers: { 'content-type': 'application/json' },
    });
    await next(/ changed$/);
    watch.kill('SIGINT');
    assert.equal(await exited, 0);

    const timeline = await run([
      'timeline',
      '--store',
      dir,
      '--push-key',
      '$.object.id',
      '--pull-key',
      '$.id',
      '--push-version',
      '$.object.v',
      '--pull-version',
      '$.v',
      '--json',
    ]);
    assert.equal(timeline.code, 0, timeline.stderr);
    const json = JSON.parse(timeline.stdout.toString()) as Record<string, unknown> & {
      changes: Array<Record<string, unknown>>;
    };
    assert.deepEqual(Object.keys(json), [
      'changes',
      'polls',
      'pollsWithoutChange',
      'bytesPushed',
      'bytesPulled',
      'medianLeadMs',
    ]);
    assert.deepEqual(
      json.changes.map((c) => [c['key'], c['version'], typeof c['pushedAt'], typeof c['pulledAt']]),
      [
        ['7', '1', 'number', 'number'],
        ['7', '2', 'number', 'number'],
      ],
    );
    assert.ok((json['polls'] as number) >= 3);
    assert.equal(json['bytesPushed'], 2 * JSON.stringify({ object: { id: 7, v: 1 } }).length);

    const text = await run(['timeline', '--store', dir, '--push-key', '$.object.id', '--pull-key', '$.id']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout.toString(), /^# Push vs pull timeline/);
    listener.child.kill('SIGTERM');
    assert.equal(await listener.exited, 0);
  });

  it('stops after --for and refuses usage errors with 2', async function () {
    this.timeout(60_000); // seven processes, one after the other
    server = await startServer((_req, res) => res.end('ok'));
    const timed = await run(['watch', '--url', `${server.url}/`, '--every', '1', '--for', '1', '--store', dir]);
    assert.equal(timed.code, 0, timed.stderr);
    assert.match(timed.stdout.toString(), /^watching .* every 1 s\n/);
    for (const args of [
      ['watch', '--url', `${server.url}/`, '--store', dir],
      ['watch', '--url', `${server.url}/`, '--every', '0', '--store', dir],
      ['watch', '--every', '1', '--store', dir],
      ['timeline', '--store', dir, '--push-key', '$.id'],
      ['timeline', '--store', dir, '--push-key', 'id', '--pull-key', '$.id'],
    ]) {
      const refused = await run(args);
      assert.equal(refused.code, 2, args.join(' '));
      assert.match(refused.stderr, /^pushpull: /);
    }
    const help = await run(['watch', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout.toString(), /^Usage: pushpull watch /);
  });
});
