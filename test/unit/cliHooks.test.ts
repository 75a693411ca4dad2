import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { DurableHookStore } from '../../src/core/store/durable';
import { killChildren, run } from './cliProcess';
import { tempDir } from './helpers';
import { makeHook } from './store/fixtures/hooks';

/** `hooks list|show` on a store written here: five hooks 1 ms apart, the last one binary. */
describe('pushpull hooks list and show: newest first, limits, filters, short ids', () => {
  let store: string;
  let ids: string[];

  before(async () => {
    store = await tempDir('pushpull-cli-hooks-');
    const writer = await DurableHookStore.open(store);
    ids = [];
    const bodies = ['{"action":"opened"}', '{"action":"closed"}', 'plain text', '{"action":"opened"}'];
    for (let i = 0; i < 4; i++) {
      const hook = makeHook(i, bodies[i]!, {
        method: i === 2 ? 'PUT' : 'POST',
        path: `/p/${i}`,
        url: `/p/${i}`,
        query: [],
        receivedAt: Date.now() - (4 - i) * 3_600_000,
      });
      await writer.add(hook);
      ids.push(hook.id);
    }
    const binary = makeHook(4, Buffer.from([0xff, 0x00, 0xfe]), { path: '/p/4', url: '/p/4', query: [] });
    await writer.add({ ...binary, receivedAt: Date.now() });
    ids.push(binary.id);
    await writer.close();
  });
  afterEach(killChildren);
  after(() => fs.rm(store, { recursive: true, force: true }));

  async function lines(args: string[]): Promise<string[]> {
    const result = await run(['hooks', 'list', '--store', store, ...args]);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout.toString().trimEnd().split('\n').filter(Boolean);
  }

  it('lists one line a hook, newest first, and --long adds the indented details', async () => {
    const compact = await lines([]);
    assert.deepEqual(
      compact.map((line) => line.split('  ')[0]),
      [...ids].reverse(),
    );
    assert.ok(compact.every((line) => !line.startsWith(' ')));
    const long = await lines(['--long']);
    assert.ok(long.length > compact.length * 5, long.join('\n'));
    assert.ok(long.includes('  headers:'));
  });

  it('--limit keeps the newest N, --since drops older hooks, --filter takes the view filter', async () => {
    assert.deepEqual(
      (await lines(['--limit', '2'])).map((line) => line.split('  ')[0]),
      [ids[4], ids[3]],
    );
    // receivedAt: 4 h, 3 h, 2 h, 1 h ago and now.
    assert.deepEqual(
      (await lines(['--since', '150m'])).map((line) => line.split('  ')[0]),
      [ids[4], ids[3], ids[2]],
    );
    assert.deepEqual(
      (await lines(['--filter', 'method:PUT'])).map((line) => line.split('  ')[0]),
      [ids[2]],
    );
    assert.deepEqual(
      (await lines(['--filter', 'opened'])).map((line) => line.split('  ')[0]),
      [ids[3], ids[0]],
    );
    const json = JSON.parse((await run(['hooks', 'list', '--store', store, '--json', '-n', '1'])).stdout.toString());
    assert.deepEqual(
      (json as Array<{ id: string }>).map((hook) => hook.id),
      [ids[4]],
    );
  });

  it('explains a bad --since, --limit or --filter with exit code 2', async () => {
    for (const args of [
      ['--since', 'yesterday'],
      ['--limit', '-1'],
      ['--filter', 'method:1'],
    ]) {
      const result = await run(['hooks', 'list', '--store', store, ...args]);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /^pushpull: .+\n$/);
    }
  });

  it('hooks show latest, a short id, and the body as text or, when binary, base64', async () => {
    const latest = JSON.parse((await run(['hooks', 'show', 'latest', '--store', store])).stdout.toString());
    assert.equal(latest.id, ids[4]);
    assert.equal(latest.bodyEncoding, 'base64');
    assert.deepEqual([...Buffer.from(String(latest.body), 'base64')], [0xff, 0x00, 0xfe]);

    const short = ids[2]!.slice(8, 14);
    const shown = await run(['hooks', 'show', short, '--store', store]);
    assert.equal(shown.code, 0, shown.stderr);
    const hook = JSON.parse(shown.stdout.toString());
    assert.equal(hook.id, ids[2]);
    assert.equal(hook.body, 'plain text');
    assert.equal(hook.bodyEncoding, 'utf8');

    const ambiguous = await run(['hooks', 'show', '170000000', '--store', store]);
    assert.equal(ambiguous.code, 1);
    assert.match(ambiguous.stderr, /^pushpull: 170000000 names 5 hooks \(.+\); give more of the id\n$/);
    const tooShort = await run(['hooks', 'show', ids[2]!.slice(-3), '--store', store]);
    assert.equal(tooShort.code, 1);
    assert.match(tooShort.stderr, /^pushpull: no hook /);
  });

  it('--help on hooks and --version on pushpull', async () => {
    const help = await run(['hooks', 'list', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout.toString(), /^Usage:\n {2}pushpull hooks list --store DIR/);
    const version = await run(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout.toString(), /^pushpull \d+\.\d+\.\d+\n$/);
  });
});
