import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { tempDir } from '../helpers';
import { recordingServer, runSend } from '../cliSendRun';

describe('pushpull send FILE.http (the real executable)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir('pushpull-sendfile-');
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('sends every request with the environment file, references and exact < file bytes; --json; exit 0', async () => {
    const server = await recordingServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token: 'tok-1', path: req.url }));
    });
    try {
      const bytes = Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a, 0x80]);
      await fs.writeFile(path.join(dir, 'body.bin'), bytes);
      await fs.writeFile(path.join(dir, 'http-client.env.json'), JSON.stringify({ dev: { host: server.url } }));
      const file = path.join(dir, 'api.http');
      await fs.writeFile(
        file,
        [
          '# @name login',
          'POST /login',
          '',
          '?? status == 200',
          '',
          '###',
          'PUT /upload',
          'Authorization: Bearer {{login.response.body.$.token}}',
          'Content-Type: application/octet-stream',
          '',
          '< ./body.bin',
          '',
          '?? body $.path == /upload',
        ].join('\n'),
      );
      const ran = await runSend([file, '--env', 'dev', '--json']);
      assert.equal(ran.code, 0, ran.stderr);
      const out = JSON.parse(ran.stdout.toString()) as Array<Record<string, unknown>>;
      assert.deepEqual(
        out.map((r) => [r.name, r.method, r.url, r.status]),
        [
          ['login', 'POST', `${server.url}/login`, 200],
          [null, 'PUT', `${server.url}/upload`, 200],
        ],
      );
      assert.deepEqual(out[1]?.assertions, [
        { line: 13, text: 'body $.path == /upload', passed: true, message: 'passed (/upload)' },
      ]);
      assert.equal(server.seen[1]?.headers.authorization, 'Bearer tok-1');
      assert.deepEqual(server.seen[1]?.body, bytes);
    } finally {
      await server.close();
    }
  });

  it('exits 1 when an assertion fails, 2 for an unknown name, and sends only --name', async () => {
    const server = await recordingServer();
    try {
      const file = path.join(dir, 'a.rest');
      await fs.writeFile(
        file,
        [`@host = ${server.url}`, '', '# @name one', 'GET /one', '', '?? status == 201', '', '###', 'GET /two'].join(
          '\n',
        ),
      );
      const failed = await runSend([file, '--name', 'one']);
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, /FAILED 6: \?\? status == 201/);
      assert.deepEqual(
        server.seen.map((s) => s.url),
        ['/one'],
      );
      const unknown = await runSend([file, '--name', 'nope']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /no request named "nope"/);
      const byLine = await runSend([file, '--line', '9']);
      assert.equal(byLine.code, 0, byLine.stderr);
      assert.deepEqual(
        server.seen.map((s) => s.url),
        ['/one', '/two'],
      );
    } finally {
      await server.close();
    }
  });
});
