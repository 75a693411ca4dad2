import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { HistoryStore, MASK } from '../../src/core/store/history';
import { killChildren } from './cliProcess';
import { recordingServer, runSend } from './cliSendRun';
import { tempDir } from './helpers';
import type { TestServer } from './http/servers';

describe('pushpull send: --history and --env (the real executable)', function () {
  this.timeout(30_000);
  let dir: string;
  let s: TestServer & { seen: Array<{ url: string; headers: Record<string, unknown>; body: Buffer }> };

  beforeEach(async () => {
    dir = await tempDir('pushpull-cli-send-');
    s = await recordingServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': 'session=s3cr3t' });
      res.end(`got ${req.body.toString()}`);
    });
  });
  afterEach(async () => {
    await killChildren();
    await s.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('records the exchange in a history folder, credentials masked, readable by HistoryStore', async () => {
    const folder = path.join(dir, 'history');
    const ran = await runSend([
      `${s.url}/api`,
      '-H',
      'Authorization: Bearer tok-123',
      '--json',
      '{"n":1}',
      '--history',
      folder,
    ]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout.toString(), 'got {"n":1}');
    assert.equal(s.seen[0]?.headers.authorization, 'Bearer tok-123');

    const history = await HistoryStore.open(folder);
    try {
      const [summary, ...others] = history.list();
      assert.equal(others.length, 0);
      assert.ok(summary);
      assert.equal(summary.source, 'cli');
      assert.equal(summary.method, 'POST');
      assert.equal(summary.url, `${s.url}/api`);
      assert.equal(summary.status, 200);
      const exchange = await history.get(summary.id);
      assert.ok(exchange);
      const auth = exchange.request.headers.find(([n]) => n.toLowerCase() === 'authorization');
      assert.deepEqual(auth, ['Authorization', `Bearer ${MASK}`]);
      const cookie = exchange.response.headers.find(([n]) => n.toLowerCase() === 'set-cookie');
      assert.equal(cookie?.[1].includes('s3cr3t'), false);
      assert.equal(Buffer.from((await history.readBody(summary.id)) ?? []).toString(), 'got {"n":1}');
    } finally {
      await history.dispose();
    }
    // A second send adds to the same history.
    const again = await runSend([s.url, '--history', folder]);
    assert.equal(again.code, 0, again.stderr);
    const reopened = await HistoryStore.open(folder);
    assert.equal(reopened.list().length, 2);
    await reopened.dispose();
  });

  it('resolves {{variables}} in URL, headers and body from --env and --environment', async () => {
    const envFile = path.join(dir, 'environments.json');
    await fs.writeFile(
      envFile,
      JSON.stringify({
        $shared: { base: `http://127.0.0.1:${s.port}`, token: 'shared-token' },
        dev: { token: 'dev-token', path: '/items/{{token}}' },
      }),
    );
    const ran = await runSend([
      '{{base}}{{path}}',
      '-H',
      'X-Token: {{token}}',
      '--json',
      '{"t":"{{token}}"}',
      '--env',
      envFile,
      '--environment',
      'dev',
    ]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(s.seen[0]?.url, '/items/dev-token');
    assert.equal(s.seen[0]?.headers['x-token'], 'dev-token');
    assert.equal(s.seen[0]?.body.toString(), '{"t":"dev-token"}');

    const shared = await runSend(['{{base}}/s', '-H', 'X-Token: {{token}}', '--env', envFile]);
    assert.equal(shared.code, 0, shared.stderr);
    assert.equal(s.seen[1]?.headers['x-token'], 'shared-token');
  });

  it('refuses a variable no environment defines, an unknown environment and a file that is not JSON', async () => {
    const envFile = path.join(dir, 'environments.json');
    await fs.writeFile(envFile, JSON.stringify({ dev: { host: '127.0.0.1' } }));
    const missing = await runSend([`${s.url}/{{nothing}}`, '--env', envFile, '--environment', 'dev']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /the URL uses \{\{nothing\}\}, which "dev" or \$shared does not define/);
    const unknown = await runSend([s.url, '--env', envFile, '--environment', 'prod']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /has no environment "prod" \(it has "dev"\)/);
    const broken = path.join(dir, 'broken.json');
    await fs.writeFile(broken, '{ "dev": ');
    const notJson = await runSend([s.url, '--env', broken]);
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /--env .*broken\.json is not JSON/);
    assert.equal(s.seen.length, 0);
  });
});
