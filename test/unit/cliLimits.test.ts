import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { killChildren, listJson, listen, run } from './cliProcess';
import { tempDir } from './helpers';
import { RawConnection } from './rawConnection';

/** A request written as raw bytes, answered and the connection kept open. */
function request(path: string): string {
  return `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}`;
}

describe('pushpull listen: limits on senders', function () {
  this.timeout(30_000);
  let store: string;

  beforeEach(async () => {
    store = await tempDir('pushpull-cli-limits-');
  });
  afterEach(async () => {
    await killChildren();
    await fs.rm(store, { recursive: true, force: true });
  });

  it('refuses a bad --max-connections or --max-hooks-per-second with one clear line and exit 2', async () => {
    for (const [flag, value, why] of [
      ['--max-connections', 'many', 'must be a whole number, not "many"'],
      ['--max-connections', '1.5', 'must be a whole number, not "1.5"'],
      ['--max-hooks-per-second', 'fast', 'must be a whole number, not "fast"'],
      ['--max-hooks-per-second', '99999999999999999999', 'must be at most \\d+, not 99999999999999999999'],
    ] as const) {
      const bad = await run(['listen', '--store', store, flag, value]);
      assert.equal(bad.code, 2, `${flag} ${value}`);
      assert.match(bad.stderr, new RegExp(`^pushpull: ${flag} ${why}\\n$`));
    }
    const dashed = await run(['listen', '--store', store, '--max-connections', '-1']);
    assert.equal(dashed.code, 2);
    assert.equal(dashed.stderr.split('\n').length, 2, 'one line');
  });

  it('--max-hooks-per-second N answers 429 past N a second from one sender and keeps only N', async () => {
    const flags = ['--store', store, '--port', '0', '--max-hooks-per-second', '1'];
    const { child, url, exited, stderr } = await listen(flags);
    const connection = await RawConnection.open(Number(new URL(url).port));
    // One write: the listener reads all four at once, well within the second that refills one hook.
    const answers = await connection.exchange(request('/1') + request('/2') + request('/3') + request('/4'), 4);
    assert.deepEqual(
      answers.map((answer) => [answer.status, answer.headers['retry-after']]),
      [
        [200, undefined],
        [429, '1'],
        [429, '1'],
        [429, '1'],
      ],
    );
    connection.end();
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.deepEqual(
      (await listJson(store)).map((hook) => hook.path),
      ['/1'],
    );
    assert.match(stderr(), /^warning: Refused a hook from 127\.0\.0\.1\. .*refused 1 hook over/m);
    assert.match(stderr(), /^warning: Since the listener started it refused 3 hooks .* and 0 connections/m);
  });

  it('--max-connections N closes connections past N unread and keeps serving the open ones', async () => {
    const { child, url, exited, stderr } = await listen(['--store', store, '--port', '0', '--max-connections', '1']);
    const port = Number(new URL(url).port);
    const open = await RawConnection.open(port);
    assert.equal((await open.exchange(request('/open')))[0]?.status, 200);
    const extra = await RawConnection.open(port);
    assert.deepEqual(await extra.exchange(request('/extra')), []);
    assert.equal(await extra.closed, '');
    assert.equal((await open.exchange(request('/still')))[0]?.status, 200);
    open.end();
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.deepEqual(
      (await listJson(store)).map((hook) => hook.path),
      ['/still', '/open'],
    );
    assert.match(stderr(), /refused 0 hooks over .* and 1 connection over the connection limit/);
  });
});
