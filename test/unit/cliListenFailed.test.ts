import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { startServer, tempDir } from './helpers';

describe('pushpull listen that cannot start', function () {
  this.timeout(30_000);

  it('leaves no new store folder behind', async () => {
    const taken = await startServer((_req, res) => res.end());
    const parent = await tempDir('pushpull-listen-failed-');
    const store = path.join(parent, 'store');
    try {
      const port = new URL(taken.url).port;
      const cli = path.resolve(__dirname, '../../../dist/cli.js');
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, [cli, 'listen', '--store', store, '--port', port], { stdio: 'ignore' });
        child.on('error', reject);
        child.on('close', resolve);
      });
      assert.notEqual(code, 0);
      await assert.rejects(fs.stat(store), { code: 'ENOENT' });
    } finally {
      await taken.close();
      await fs.rm(parent, { recursive: true, force: true });
    }
  });
});
