import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { HistoryStore } from '../../../src/core/store/history';
import { killChildren, listen, run, start } from '../cliProcess';
import { send, tempDir } from '../helpers';
import { exchange } from '../store/history/fixtures/exchanges';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function runWithStdin(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = start(args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('pushpull compare (the real executable)', function () {
  this.timeout(30_000);
  let dir: string;
  const file = async (name: string, text: string): Promise<string> => {
    const at = path.join(dir, name);
    await fs.writeFile(at, text);
    return at;
  };

  beforeEach(async () => {
    dir = await tempDir('pushpull-compare-');
  });
  afterEach(async () => {
    await killChildren();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('exits 1 with one line per difference, 0 when the same, with sub-paths, ignore paths and a key', async () => {
    const hook = await file(
      'hook.json',
      '{"data":{"object":{"id":1,"amount":"5","updated_at":1,"items":[{"id":7,"p":1},{"id":8,"p":2}],"x\\u001b[2J":1}}}',
    );
    const api = await file(
      'api.json',
      '{"id":1,"amount":5,"updated_at":2,"items":[{"id":8,"p":2},{"id":7,"p":3}],"new":{"a":1}}',
    );
    const args = ['compare', hook, api, '--left-path', '$.data.object', '--ignore', '$..updated_at', '--key', 'id'];
    const different = await run(args);
    assert.equal(different.code, 1, different.stderr);
    const lines = different.stdout.toString().split('\n');
    assert.deepEqual(lines, [
      'changed       $.items[?(@.id==7)].p: 1 -> 3',
      'type changed  $.amount: "5" -> 5',
      "only left     $['x\\x1b[2J']: 1",
      'only right    $.new: {"a":1}',
      '',
    ]);
    assert.ok(
      !CONTROL.test(different.stdout.toString().replaceAll('\n', '')),
      'no control characters reach the terminal',
    );
    const same = await run(['compare', hook, hook, '--key', 'id']);
    assert.deepEqual([same.code, same.stdout.toString(), same.stderr], [0, '', '']);
  });

  it('--json prints the diff as the issue writes it, and reads one side from standard input', async () => {
    const left = await file('left.json', '{"a":1,"b":[1,2],"c":"x"}');
    const result = await runWithStdin(['compare', left, '-', '--json'], '{"a":2,"b":[1],"d":true,"c":3}');
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      same: false,
      changed: [{ path: '$.a', left: 1, right: 2 }],
      onlyLeft: [{ path: '$.b[1]', value: 2 }],
      onlyRight: [{ path: '$.d', value: true }],
      typeChanged: [{ path: '$.c', left: 'x', right: 3 }],
    });
    assert.equal(
      Object.keys(JSON.parse(result.stdout) as object).join(),
      'same,changed,onlyLeft,onlyRight,typeChanged',
    );
  });

  it('exits 2 with one line for usage errors, unreadable files, bad paths and payloads that are not trees', async () => {
    const good = await file('good.json', '{"a":1}');
    const binary = await file('binary.bin', '\u00ff\u00fe');
    await fs.writeFile(binary, Buffer.from([0xff, 0xfe, 0x00]));
    const cases: Array<[string[], RegExp]> = [
      [['compare', good], /needs LEFT and RIGHT/],
      [['compare', good, good, '--bogus'], /bogus/],
      [['compare', good, path.join(dir, 'missing.json')], /cannot read .*missing\.json: ENOENT/],
      [['compare', good, good, '--left-path', 'a.b'], /must start with \$.*\(BAD_PATH\)/],
      [['compare', good, good, '--right-path', '$.nope'], /selects nothing.*\(NO_MATCH\)/],
      [['compare', good, binary], /\(NOT_A_TREE\)/],
      [['compare', 'hook:abc', good], /hook:ID needs --store DIR/],
      [['compare', 'hook:abc', good, '--store', dir], /no hook abc/],
      [['compare', 'exchange:abc', good, '--store', dir], /no request history/],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, message, args.join(' '));
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
    const help = await run(['compare', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout.toString(), /Exit codes: 0 same, 1 different, 2/);
    assert.match((await run(['--help'])).stdout.toString(), /pushpull compare LEFT RIGHT/);
  });

  it('compares a stored hook with a kept exchange of the same store', async () => {
    const { child, url, exited } = await listen(['--store', dir, '--port', '0']);
    const answer = await send(`${url}/github`, {
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"action":"labeled","issue":{"id":1,"labels":[{"id":2,"name":"bug"}],"comments":0}}'),
    });
    const { id: hookId } = JSON.parse(answer.body.toString()) as { id: string };
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const history = await HistoryStore.open(path.join(dir, 'history'));
    const body = Buffer.from('{"id":1,"labels":[{"id":2,"name":"bug"}],"comments":1}');
    await history.add(
      exchange({
        id: 'ex-1',
        decoded: { kind: 'memory', bytes: body },
        raw: { kind: 'memory', bytes: body },
        responseHeaders: [['Content-Type', 'application/json']],
      }),
    );
    await history.dispose();
    const result = await run(['compare', `hook:${hookId}`, 'exchange:ex-1', '--store', dir, '--left-path', '$.issue']);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stdout.toString(), 'changed       $.comments: 0 -> 1\n');
    // `latest` names the newest hook, as in hooks show.
    const latest = await run(['compare', 'hook:latest', 'exchange:ex-1', '--store', dir, '--left-path', '$.issue']);
    assert.equal(latest.code, 1, latest.stderr);
    assert.equal(latest.stdout.toString(), result.stdout.toString());
  });
});
