import * as assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import { send, tempDir } from './helpers';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

function run(args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}

/** Starts `pushpull listen` and resolves with its URL once it printed its first line. */
function listen(
  args: string[],
): Promise<{ child: ChildProcessWithoutNullStreams; url: string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'listen', ...args]);
    const exited = new Promise<number | null>((done) => child.on('close', done));
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        const match = /^listening on (http:\/\/\S+)$/.exec(line ?? '');
        if (match?.[1]) resolve({ child, url: match[1], exited });
        else reject(new Error(`unexpected first line: ${line}`));
      }
    });
    void exited.then((code) => reject(new Error(`listen exited ${code}: ${err}`)));
  });
}

describe('pushpull CLI (the real executable)', function () {
  this.timeout(30_000);
  let store: string;

  beforeEach(async () => {
    store = await tempDir('pushpull-cli-');
  });
  afterEach(() => fs.rm(store, { recursive: true, force: true }));

  it('listens on a free port, stores hooks, lists and shows them, and exits 0 on SIGTERM', async () => {
    const { child, url, exited } = await listen(['--store', store, '--port', '0']);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(url, 'http://127.0.0.1:0');
    const binary = Buffer.from([0x00, 0xff, 0x80, 0x0a, 0x7b]);
    const answer = await send(`${url}/stripe/events?a=1&a=2`, {
      headers: { 'content-type': 'application/octet-stream' },
      body: binary,
    });
    assert.equal(answer.status, 200);
    const { id } = JSON.parse(answer.body.toString()) as { id: string };

    // Read-only while the listener still runs.
    const listed = await run(['hooks', 'list', '--store', store, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const hooks = JSON.parse(listed.stdout.toString()) as Array<Record<string, unknown>>;
    assert.equal(hooks.length, 1);
    assert.equal(hooks[0]?.id, id);
    assert.equal(hooks[0]?.method, 'POST');
    assert.equal(hooks[0]?.path, '/stripe/events');
    assert.deepEqual(hooks[0]?.query, [
      ['a', '1'],
      ['a', '2'],
    ]);
    assert.equal(hooks[0]?.bodySize, 5);
    assert.match(String(hooks[0]?.bodySha256), /^[0-9a-f]{64}$/);

    const raw = await run(['hooks', 'show', id, '--store', store, '--raw']);
    assert.equal(raw.code, 0);
    assert.deepEqual(raw.stdout, binary);

    const text = await run(['hooks', 'list', '--store', store]);
    assert.match(text.stdout.toString(), new RegExp(`^${id} .* POST +/stripe/events\\?a=1&a=2 `, 'm'));

    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  it('answers with the routes from --routes FILE', async () => {
    const routes = path.join(store, '..', `${path.basename(store)}-routes.json`);
    await fs.writeFile(
      routes,
      JSON.stringify([{ name: 'gh', pathPrefix: '/gh', response: { status: 202, body: 'ok' } }]),
    );
    const { child, url, exited } = await listen(['--store', store, '--port', '0', '--routes', routes]);
    try {
      const answer = await send(`${url}/gh/push`, { body: '{}' });
      assert.equal(answer.status, 202);
      assert.equal(answer.body.toString(), 'ok');
    } finally {
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      await fs.rm(routes, { force: true });
    }
  });

  it("checks signatures with secrets from --secret and from a route's secretEnv", async () => {
    const routes = path.join(store, '..', `${path.basename(store)}-signed.json`);
    await fs.writeFile(
      routes,
      JSON.stringify([
        { name: 'gh', pathPrefix: '/gh', provider: 'github' },
        { name: 'shop', pathPrefix: '/shop', provider: 'shopify', secretEnv: 'SHOP_SECRET' },
      ]),
    );
    const child = spawn(
      process.execPath,
      [CLI, 'listen', '--store', store, '--port', '0', '--routes', routes, '--secret', 'gh=s3cret'],
      {
        env: { ...process.env, SHOP_SECRET: 'shh' },
      },
    );
    const exited = new Promise<number | null>((done) => child.on('close', done));
    const url = await new Promise<string>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim().split(' ').pop() ?? '')),
    );
    try {
      const body = '{"a":1}';
      const { createHmac } = await import('node:crypto');
      await send(`${url}/gh/push`, {
        headers: { 'x-hub-signature-256': `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}` },
        body,
      });
      await send(`${url}/shop/orders`, {
        headers: { 'x-shopify-hmac-sha256': createHmac('sha256', 'nope').update(body).digest('base64') },
        body,
      });
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      await fs.rm(routes, { force: true });
    }
    const listed = JSON.parse((await run(['hooks', 'list', '--store', store, '--json'])).stdout.toString()) as Array<{
      path: string;
      verdict: { status: string; provider: string };
    }>;
    assert.deepEqual(
      listed.map((h) => [h.path, h.verdict.status, h.verdict.provider]),
      [
        ['/gh/push', 'valid', 'github'],
        ['/shop/orders', 'invalid', 'shopify'],
      ],
    );
    const bad = await run(['listen', '--store', store, '--routes', routes, '--secret', 'nope']);
    assert.equal(bad.code, 2);
  });

  it('prints a complete JSON array for many hooks even when piped', async () => {
    const { child, url, exited } = await listen(['--store', store, '--port', '0', '--max-hooks', '0']);
    const body = JSON.stringify({ filler: 'x'.repeat(2000) });
    for (let i = 0; i < 300; i += 30) {
      await Promise.all(Array.from({ length: 30 }, (_, j) => send(`${url}/n/${i + j}`, { body })));
    }
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const listed = await run(['hooks', 'list', '--store', store, '--json']);
    const hooks = JSON.parse(listed.stdout.toString()) as unknown[];
    assert.equal(hooks.length, 300);
  });

  it('errors with one clear line and exit 2: unknown flag, missing store, port in use', async () => {
    const unknown = await run(['listen', '--store', store, '--bogus']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^pushpull: .*--bogus.*\n$/);

    const missing = await run(['hooks', 'list', '--store', path.join(store, 'nope')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^pushpull: No hook store at .*nope/);
    assert.equal(missing.stderr.trim().split('\n').length, 1);

    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const inUse = await run(['listen', '--store', store, '--port', String(port)]);
      assert.equal(inUse.code, 2);
      assert.match(inUse.stderr, new RegExp(`^pushpull: Port ${port} on 127\\.0\\.0\\.1 is already in use\\.\\n$`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }

    const noStore = await run(['listen']);
    assert.equal(noStore.code, 2);
    assert.match(noStore.stderr, /--store/);
  });
});
