import * as assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import examples from '@octokit/webhooks-examples';
import { killChildren, run, start } from './cliProcess';
import { send, startServer, tempDir } from './helpers';
import { type RelayStyle, SmeeRelay } from './relay/smeeRelay';

const SECRET = 'cli-relay-s3cret';
const payload = examples.find((d) => d.name === 'push')?.examples[0];

/** The lines a child writes to stdout, and a wait for the first that matches. */
function lines(child: ChildProcessWithoutNullStreams): { all: string[]; next: (match: RegExp) => Promise<string> } {
  const all: string[] = [];
  const watchers: Array<{ match: RegExp; resolve: (line: string) => void }> = [];
  let rest = '';
  child.stdout.on('data', (chunk: Buffer) => {
    rest += chunk.toString('utf8');
    const parts = rest.split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) {
      all.push(line);
      for (const watcher of watchers.filter((w) => w.match.test(line))) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve(line);
      }
    }
  });
  return {
    all,
    next: (match) => {
      const seen = all.find((line) => match.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => watchers.push({ match, resolve }));
    },
  };
}

/** Sends the push payload to the relay as GitHub would, signed. */
async function deliverSigned(relay: SmeeRelay, body: string, delivery: string): Promise<void> {
  const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const answer = await send(relay.channelUrl(), {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-github-delivery': delivery,
      'x-hub-signature-256': signature,
    },
  });
  assert.ok(answer.status < 300);
}

describe('pushpull listen --relay (the real executable, a relay made in the test)', function () {
  this.timeout(30_000);
  let dir: string;
  const relays: SmeeRelay[] = [];

  async function relayOf(style: RelayStyle): Promise<SmeeRelay> {
    const relay = await SmeeRelay.start(style);
    relays.push(relay);
    return relay;
  }

  beforeEach(async () => {
    dir = await tempDir('pushpull-cli-relay-');
    await fs.writeFile(
      path.join(dir, 'routes.json'),
      JSON.stringify([{ name: 'github', pathPrefix: '/github', provider: 'github', secretEnv: 'GH_SECRET' }]),
    );
  });
  afterEach(async () => {
    await killChildren();
    for (const relay of relays.splice(0)) await relay.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('keeps gosmee-relayed hooks with valid signatures and prints a JSON line each', async () => {
    const relay = await relayOf('gosmee');
    const routes = path.join(dir, 'routes.json');
    const args = ['listen', '--store', path.join(dir, 'store'), '--port', '0', '--routes', routes, '--json'];
    const child = start([...args, '--relay', `github=${relay.channelUrl()}`], {
      env: { ...process.env, GH_SECRET: SECRET },
    });
    const out = lines(child);
    const first = JSON.parse(await out.next(/"type":"listening"/)) as { url: string };
    assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    await relay.connected(1);
    const body = JSON.stringify(payload, null, 2);
    await deliverSigned(relay, body, 'd-1');
    const hook = JSON.parse(await out.next(/"type":"hook"/)) as Record<string, unknown>;
    assert.equal(hook.url, '/github');
    assert.equal(hook.method, 'POST');
    assert.equal(hook.bodySize, Buffer.byteLength(body));
    assert.deepEqual(hook.verdict, { status: 'valid', provider: 'github', reason: null });
    assert.deepEqual(hook.relay, { channel: relay.channelUrl(), rawBody: true });
    assert.equal(hook.route, 'github');
    // A hook on the listener's own port is printed the same way.
    await send(`${first.url}/other`, { method: 'POST', body: 'plain' });
    const direct = JSON.parse(await out.next(/"url":"\/other"/)) as Record<string, unknown>;
    assert.equal(direct.relay, null);
    assert.deepEqual(direct.verdict, { status: 'not-signed', provider: null, reason: null });
    child.kill('SIGTERM');
    assert.equal(await new Promise((resolve) => child.on('close', resolve)), 0);
    const listed = await run(['hooks', 'list', '--store', path.join(dir, 'store'), '--json']);
    assert.equal((JSON.parse(listed.stdout.toString()) as unknown[]).length, 2);
  });

  it('prints a text line per hook with the forward result; smee.io bodies say they were re-serialised', async () => {
    const relay = await relayOf('smee');
    const app = await startServer((_req, res) => res.writeHead(201).end());
    const routes = path.join(dir, 'fwd.json');
    await fs.writeFile(
      routes,
      JSON.stringify([{ name: 'gh', pathPrefix: '/gh', provider: 'github', forwardTo: app.url }]),
    );
    const child = start([
      'listen',
      '--store',
      path.join(dir, 'store'),
      '--port',
      '0',
      '--routes',
      routes,
      '--secret',
      `gh=${SECRET}`,
      '--relay',
      `gh=${relay.channelUrl()}`,
    ]);
    const out = lines(child);
    await out.next(/^listening on /);
    await relay.connected(1);
    await deliverSigned(relay, JSON.stringify(payload, null, 2), 'd-2');
    const line = await out.next(/POST/);
    await app.close();
    assert.match(
      line,
      /^\d{4}-\d\d-\d\dT[\d:.]+Z {2}POST {2}\/gh {2}[\d.]+ KB {2}github:invalid \(body-mismatch\) {2}push/,
    );
    assert.match(line, new RegExp(`→ ${app.url}/ 201 \\d+ ms`));
    assert.ok(line.endsWith(`via ${relay.channelUrl()} (body re-serialised)`), line);
  });

  it('prints nothing per hook with --quiet, explains itself with --help, and refuses a bad --relay', async () => {
    const help = await run(['listen', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout.toString(), /--relay \[ROUTE=\]CHANNEL_URL/);
    const bad = await run(['listen', '--store', path.join(dir, 's'), '--relay', 'ftp://x']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--relay takes an http:\/\/ or https:\/\/ channel URL/);
    const unknownRoute = await run(['listen', '--store', path.join(dir, 's'), '--relay', 'nope=http://127.0.0.1:1/c']);
    assert.match(unknownRoute.stderr, /--relay names route "nope"/);

    const relay = await relayOf('gosmee');
    const child = start([
      'listen',
      '--store',
      path.join(dir, 'store'),
      '--port',
      '0',
      '--quiet',
      '--relay',
      relay.channelUrl(),
    ]);
    const out = lines(child);
    const url = (await out.next(/^listening on /)).slice('listening on '.length);
    await relay.connected(1);
    await deliverSigned(relay, '{"a":1}', 'd-3');
    await send(`${url}/x`, { method: 'POST', body: 'b' });
    let hooks: Array<{ path: string }> = [];
    while (hooks.length < 2) {
      const listed = await run(['hooks', 'list', '--store', path.join(dir, 'store'), '--json']);
      hooks = JSON.parse(listed.stdout.toString()) as Array<{ path: string }>;
    }
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('close', resolve));
    assert.deepEqual(out.all, [`listening on ${url}`]);
    assert.deepEqual(hooks.map((h) => h.path).sort(), ['/', '/x']);
  });
});
