import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { type Logger, systemTimers } from '../../src/core/clock';
import { withoutCredentials } from '../../src/core/http/credentials';
import { HookListener } from '../../src/core/hooks/listener';
import { parseRoutes } from '../../src/core/hooks/routes';
import { forwardReceived, forwardTarget } from '../../src/core/relay/forward';
import { renderHookDocument } from '../../src/core/render/hookDocument';
import { DurableHookStore } from '../../src/core/store/durable';
import { hookMeta, send, startServer, tempDir, waitUntil, forwarder } from './helpers';
import { sendExact } from '../../src/core/http/send';

const CLI = process.env.PUSHPULL_CLI ?? path.resolve(__dirname, '../../../dist/cli.js');
const PASSWORD = 's3cr3t';

/** Every file under `dir`, read whole and joined. */
async function allBytes(dir: string): Promise<string> {
  const names = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const files = names.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  return (await Promise.all(files.map((file) => fs.readFile(file, 'latin1')))).join('\n');
}

/** `pushpull hooks list` of `store`, as text and as JSON. */
async function listed(store: string): Promise<string> {
  const run = promisify(execFile);
  const text = await run(process.execPath, [CLI, 'hooks', 'list', '--store', store, '--long']);
  const json = await run(process.execPath, [CLI, 'hooks', 'list', '--store', store, '--json']);
  return `${text.stdout}${json.stdout}`;
}

describe('credentials in forward targets', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir('pushpull-credentials-');
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('drops `user:password@` from a URL, also from text that is not one', () => {
    assert.equal(withoutCredentials('http://alice:s3cr3t@h:3000/in?x=1'), 'http://h:3000/in?x=1');
    assert.equal(withoutCredentials('http://alice@h/'), 'http://h/');
    assert.equal(withoutCredentials('http://h:3000'), 'http://h:3000');
    assert.equal(withoutCredentials('http//alice:s3@cr3t@h/in'), 'http//h/in');
    assert.equal(withoutCredentials('http//no-colon'), 'http//no-colon');
  });

  it('sends them as Basic auth and names the target without them in the result and in errors', async () => {
    const seen: Array<string | undefined> = [];
    const app = await startServer((req, res) => {
      seen.push(req.headers.authorization);
      res.end('ok');
    });
    try {
      const hook = { method: 'POST', url: '/x', headers: [] };
      const text = app.url.replace('http://', `http://alice:${PASSWORD}@`);
      const result = await forwardReceived(hook, Buffer.from('{}'), `${text}/in`, { send: sendExact });
      assert.equal(result.status, 200, result.error);
      assert.deepEqual(seen, [`Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`]);
      assert.equal(result.target, `${app.url}/in`);
      assert.equal(forwardTarget(`${text}/in`).text, `${app.url}/in`);
      const invalid = await forwardReceived(hook, Buffer.from('{}'), `http//alice:${PASSWORD}@h/in`, {
        send: sendExact,
      });
      assert.doesNotMatch(JSON.stringify(invalid), new RegExp(PASSWORD));
      assert.match(invalid.error ?? '', /^Invalid forward target: "http\/\/h\/in"/);
    } finally {
      await app.close();
    }
  });

  it('keeps a route forward result without them in the store, the log and `hooks list`', async () => {
    const seen: Array<string | undefined> = [];
    const app = await startServer((req, res) => {
      seen.push(req.headers.authorization);
      res.end('ok');
    });
    const closed = await startServer(() => undefined);
    await closed.close();
    const logged: string[] = [];
    const logger: Logger = { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) };
    const store = await DurableHookStore.open(dir, { logger });
    const listener = new HookListener(store, { now: () => Date.now() }, logger, systemTimers, forwarder);
    try {
      const routes = parseRoutes([
        { name: 'app', pathPrefix: '/app', forwardTo: app.url.replace('http://', `http://alice:${PASSWORD}@`) },
        { name: 'gone', pathPrefix: '/gone', forwardTo: closed.url.replace('http://', `http://bob:${PASSWORD}@`) },
      ]);
      const address = await listener.start({ port: 0, routes });
      assert.equal((await send(`${address.url}/app/x`, { body: '{}' })).status, 200);
      assert.equal((await send(`${address.url}/gone/x`, { body: '{}' })).status, 200);
      await waitUntil(() => store.list().every((hook) => hook.forward !== undefined));
      assert.deepEqual(seen, [`Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`]);
      const [gone, forwarded] = store.list();
      assert.equal(forwarded?.forward?.status, 200);
      assert.equal(forwarded?.forward?.target, `${app.url}/`);
      assert.equal(gone?.forward?.target, `${closed.url}/`);
      assert.ok(
        logged.some((line) => line.includes(`to ${closed.url}/ failed`)),
        logged.join('\n'),
      );
      assert.doesNotMatch(logged.join('\n'), new RegExp(PASSWORD));
    } finally {
      await listener.stop();
      await store.close();
      await app.close();
    }
    assert.doesNotMatch(await allBytes(dir), new RegExp(PASSWORD), 'the store files');
    const output = await listed(dir);
    assert.match(output, new RegExp(`forward: ${app.url}/ → 200`));
    assert.doesNotMatch(output, new RegExp(PASSWORD));
  });

  it('shows a forward result stored with them (by an older version) without them', async () => {
    const store = await DurableHookStore.open(dir);
    const hook = { ...hookMeta({ id: '1' }), body: Buffer.from('{}') };
    try {
      await store.add(hook);
      await store.setForward('1', { target: `http://alice:${PASSWORD}@h:3000/in`, status: 200, ms: 1 });
    } finally {
      await store.close();
    }
    const output = await listed(dir);
    assert.match(output, /forward: http:\/\/h:3000\/in → 200/);
    assert.match(output, /"target":"http:\/\/h:3000\/in"/);
    assert.doesNotMatch(output, new RegExp(PASSWORD));
    const stored = { ...hook, forward: { target: `http://alice:${PASSWORD}@h:3000/in`, status: 200, ms: 1 } };
    const document = renderHookDocument(stored, hook.body).text;
    assert.match(document, /Forwarded to http:\/\/h:3000\/in: 200/);
    assert.doesNotMatch(document, new RegExp(PASSWORD));
  });
});
