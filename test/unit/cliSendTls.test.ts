import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { HistoryStore } from '../../src/core/store/history';
import { killChildren } from './cliProcess';
import { recordingServer, runSend } from './cliSendRun';
import { tempDir } from './helpers';
import { certificate, httpsServer, type TestServer } from './http/servers';

describe('pushpull send: certificates and big bodies in --json-out (the real executable)', function () {
  this.timeout(30_000);
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir('pushpull-cli-send-');
  });
  afterEach(async () => {
    await killChildren();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('refuses a certificate it cannot trust with exit 3 (TLS), and accepts it with --cacert or --insecure', async () => {
    const ca = await certificate({ cn: 'PushPull Test CA', isCa: true });
    const caFile = path.join(dir, 'ca.pem');
    await fs.writeFile(caFile, ca.cert);
    const server = await httpsServer(await certificate({ ca }), (_req, res) => res.end('secure hello'));
    try {
      const refused = await runSend([server.url]);
      assert.equal(refused.code, 3);
      assert.equal(refused.stdout.length, 0);
      assert.match(refused.stderr, /^pushpull send: TLS: .+\n$/);
      const trusted = await runSend([server.url, '--cacert', caFile]);
      assert.equal(trusted.code, 0, trusted.stderr);
      assert.equal(trusted.stdout.toString(), 'secure hello');
      const insecure = await runSend([server.url, '--insecure']);
      assert.equal(insecure.code, 0, insecure.stderr);
      assert.equal(insecure.stdout.toString(), 'secure hello');
    } finally {
      await server.close();
    }
  });

  it('--json-out names the file of a body over 1 MiB: --output, the history, or a kept temporary file', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x61);
    const server: TestServer = await recordingServer((_req, res) => res.end(big));
    try {
      const output = path.join(dir, 'out.txt');
      const toOutput = await runSend([server.url, '--json-out', '--output', output]);
      assert.equal(toOutput.code, 0, toOutput.stderr);
      const named = JSON.parse(toOutput.stdout.toString()) as { bodyFile?: string; body?: string; size: number };
      assert.equal(named.bodyFile, output);
      assert.equal(named.body, undefined);
      assert.equal(named.size, big.length);
      assert.deepEqual(await fs.readFile(output), big);

      const folder = path.join(dir, 'history');
      const toHistory = await runSend([server.url, '--json-out', '--history', folder]);
      assert.equal(toHistory.code, 0, toHistory.stderr);
      const kept = JSON.parse(toHistory.stdout.toString()) as { bodyFile: string };
      assert.ok(kept.bodyFile.startsWith(folder + path.sep), kept.bodyFile);
      assert.deepEqual(await fs.readFile(kept.bodyFile), big);
      const history = await HistoryStore.open(folder);
      assert.equal(history.list().length, 1);
      await history.dispose();

      const alone = await runSend([server.url, '--json-out']);
      assert.equal(alone.code, 0, alone.stderr);
      const temporary = JSON.parse(alone.stdout.toString()) as { bodyFile: string };
      assert.deepEqual(await fs.readFile(temporary.bodyFile), big);
      await fs.rm(path.dirname(temporary.bodyFile), { recursive: true, force: true });
    } finally {
      await server.close();
    }
  });
});
