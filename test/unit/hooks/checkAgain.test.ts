import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseRoutes } from '../../../src/core/hooks/routes';
import { proposeRoute } from '../../../src/core/hooks/routeProposal';
import { currentRoute, verdictAgain } from '../../../src/core/hooks/signing';
import { verdictText } from '../../../src/core/render/verdict';
import { DurableHookStore } from '../../../src/core/store/durable';
import { MemoryHookStore } from '../../../src/core/store/memoryHookStore';
import { tempDir } from '../helpers';
import { makeHook } from '../store/fixtures/hooks';

const SECRET = 'gh-secret';
const BODY = '{"action":"opened"}';
const signature = (body: string, secret = SECRET): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** A GitHub hook that arrived before any route or secret was set: its verdict says no secret. */
function githubHook(n: number, body = BODY, secret = SECRET) {
  return makeHook(n, body, {
    headers: [
      ['Host', '127.0.0.1:8787'],
      ['Content-Type', 'application/json'],
      ['X-GitHub-Event', 'pull_request'],
      ['X-Hub-Signature-256', signature(body, secret)],
    ],
    verdict: { status: 'no-secret', provider: 'github' },
  });
}

/** Runs the real executable: node dist/cli.js verify <args>. */
function verifyCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const cli = path.resolve(__dirname, '../../../../dist/cli.js');
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'verify', ...args], { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

describe('Check Signature Again: a stored hook checked with the routes and secrets known now', function () {
  this.timeout(30_000);
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir('pushpull-recheck-');
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("finds the hook's route by name, else by path, and proposes one from its path and provider when none matches", () => {
    const hook = githubHook(1);
    assert.equal(currentRoute(hook, []), undefined);
    const proposed = proposeRoute(hook, []);
    assert.deepEqual(proposed, { name: 'github', pathPrefix: '/github', provider: 'github' });
    const routes = parseRoutes([{ name: 'other', pathPrefix: '/other' }, { ...proposed }]);
    assert.equal(currentRoute(hook, routes)?.name, 'github');
    assert.equal(proposeRoute(hook, routes), undefined, 'a route matches it now');
    // A taken name gets a number; a path segment that does not read as a name takes every path.
    assert.equal(proposeRoute(hook, parseRoutes([{ name: 'github', pathPrefix: '/gh' }]))?.name, 'github-2');
    const odd = makeHook(2, '{}', { path: '/%2e%2e/x', url: '/%2e%2e/x' });
    assert.deepEqual(proposeRoute(odd, []), { name: 'webhooks', pathPrefix: '/' });
  });

  it('is valid with the right secret, mismatched with a wrong one, and judges timestamps as of arrival', () => {
    const hook = githubHook(1);
    const routes = parseRoutes([{ name: 'github', pathPrefix: '/github', provider: 'github' }]);
    const body = Buffer.from(BODY);
    assert.equal(verdictAgain(hook, body, routes, () => SECRET).status, 'valid');
    const wrong = verdictAgain(hook, body, routes, () => 'not it');
    assert.equal(wrong.status, 'invalid');
    assert.equal(verdictAgain(hook, body, routes, () => undefined).status, 'no-secret');
  });

  it('keeps the new verdict with the hook: in memory, and durably across reopening', async () => {
    const memory = new MemoryHookStore();
    const hook = githubHook(1);
    await memory.add(hook);
    await memory.setVerdict(hook.id, { status: 'valid', provider: 'github' });
    assert.equal(memory.get(hook.id)?.verdict?.status, 'valid');
    await memory.setVerdict('unknown', { status: 'valid', provider: 'github' });

    const store = await DurableHookStore.open(dir);
    await store.add(hook);
    await store.add(githubHook(2));
    await store.setVerdict(hook.id, { status: 'valid', provider: 'github' });
    assert.equal(store.get(hook.id)?.verdict?.status, 'valid');
    assert.equal(store.list()[0]?.verdict?.status, 'no-secret', 'the other hook keeps its verdict');
    await store.close();
    const reopened = await DurableHookStore.openReadOnly(dir);
    try {
      assert.deepEqual(reopened.get(hook.id)?.verdict, { status: 'valid', provider: 'github' });
      assert.equal(reopened.get(githubHook(2).id)?.verdict?.status, 'no-secret');
    } finally {
      await reopened.close();
    }
  });

  it('pushpull verify --store --id checks a stored hook with --secret, a routes file, latest and a unique start', async () => {
    const store = await DurableHookStore.open(dir);
    const hook = githubHook(1);
    const unsigned = makeHook(2, '{}');
    await store.add(hook);
    await store.add(unsigned);
    await store.close();

    const valid = await verifyCli(['--store', dir, '--id', hook.id, '--secret', SECRET]);
    assert.equal(valid.code, 0, valid.stderr);
    assert.deepEqual(JSON.parse(valid.stdout), { id: hook.id, status: 'valid', provider: 'github' });

    const wrong = await verifyCli(['--store', dir, '--id', hook.id.slice(0, 16), '--secret', 'nope']);
    assert.equal(wrong.code, 1);
    assert.equal((JSON.parse(wrong.stdout) as { status: string }).status, 'invalid');

    const routesFile = path.join(dir, 'routes.json');
    const routes = [{ name: 'gh', pathPrefix: '/github', provider: 'github', secretEnv: 'GH_SECRET' }];
    await fs.writeFile(routesFile, JSON.stringify(routes));
    const fromRoute = await verifyCli(['--store', dir, '--id', hook.id, '--routes', routesFile], {
      GH_SECRET: SECRET,
    });
    assert.equal(fromRoute.code, 0, fromRoute.stdout + fromRoute.stderr);

    const latest = await verifyCli(['--store', dir, '--id', 'latest', '--secret', SECRET]);
    assert.equal(latest.code, 1);
    assert.deepEqual(JSON.parse(latest.stdout), { id: unsigned.id, status: 'not-signed' });

    const missing = await verifyCli(['--store', dir, '--id', 'nothing-like-it']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no hook nothing-like-it/);
    const usage = await verifyCli(['--store', dir]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--store DIR and --id ID together/);
  });

  it('an unsigned request on a route that expects signatures reads "Not signed", as verify says', () => {
    const unsigned = makeHook(3, '{}');
    const routes = parseRoutes([{ name: 'github', pathPrefix: '/github', provider: 'github' }]);
    const verdict = verdictAgain(unsigned, Buffer.from('{}'), routes, () => SECRET);
    assert.equal(verdict.status, 'invalid', 'the route expects signed requests');
    assert.match(verdictText(verdict), /^Not signed \(github\), though this route expects signed requests: /);
    assert.doesNotMatch(verdictText(verdict), /INVALID/);
  });
});
