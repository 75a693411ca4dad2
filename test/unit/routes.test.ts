import * as assert from 'node:assert/strict';
import { silentLogger, systemClock } from '../../src/core/clock';
import { HookListener } from '../../src/core/hooks/listener';
import { matchRoute, parseRoutes, RouteConfigError } from '../../src/core/hooks/routes';
import { forwardPath, forwardReceived, forwardTarget } from '../../src/core/relay/forward';
import { MemoryHookStore } from '../../src/core/store/memoryHookStore';
import { listenerPerTest, send, startServer, forwarder } from './helpers';
import { ManualTimers } from './manualTimers';
import { sendExact } from '../../src/core/http/send';

describe('routes', () => {
  it('parses routes with defaults and matches the longest prefix on path boundaries', () => {
    const routes = parseRoutes([
      { name: 'all github', pathPrefix: '/github' },
      { name: 'push', pathPrefix: '/github/push/', response: { status: 202 } },
    ]);
    assert.deepEqual(routes[1], {
      name: 'push',
      pathPrefix: '/github/push',
      response: { status: 202, headers: {}, body: undefined, delayMs: 0 },
    });
    assert.equal(matchRoute(routes, '/github/push')?.name, 'push');
    assert.equal(matchRoute(routes, '/github/push/x')?.name, 'push');
    assert.equal(matchRoute(routes, '/github/issues')?.name, 'all github');
    assert.equal(matchRoute(routes, '/githubx'), undefined);
  });

  it('names the route and field that is wrong', () => {
    assert.throws(() => parseRoutes({}), RouteConfigError);
    assert.throws(() => parseRoutes([{ pathPrefix: 'github' }]), /routes\[0\]\.pathPrefix/);
    assert.throws(() => parseRoutes([{ pathPrefix: '/a', response: { status: 99 } }]), /routes\[0\]\.response\.status/);
    assert.throws(
      () => parseRoutes([{ pathPrefix: '/a' }, { pathPrefix: '/b', forwardTo: 'ftp://x' }]),
      /routes\[1\]\.forwardTo/,
    );
    assert.throws(() => parseRoutes([{ pathPrefix: '/a', response: { delayMs: -1 } }]), /delayMs/);
    assert.throws(() => parseRoutes([{ pathPrefix: '/a?x=1' }]), /routes\[0\]\.pathPrefix .*"\?"/);
    assert.throws(
      () => parseRoutes([{ name: 'gh', pathPrefix: '/a' }, { pathPrefix: '/b' }, { name: 'gh', pathPrefix: '/c' }]),
      /routes\[2\]\.name "gh" is also the name of routes\[0\]/,
    );
    // Unnamed routes are named by their prefix: the same prefix twice is the same name.
    assert.throws(() => parseRoutes([{ pathPrefix: '/a' }, { pathPrefix: '/a' }]), /routes\[1\]\.name/);
  });

  it('refuses response headers Node could not send, when the routes are read', () => {
    const withHeaders = (headers: Record<string, string>): unknown => [
      { name: 'b', pathPrefix: '/bad', response: { headers } },
    ];
    assert.throws(
      () => parseRoutes(withHeaders({ 'bad name': 'v' })),
      /routes\[0\]\.response\.headers: "bad name" is not/,
    );
    assert.throws(() => parseRoutes(withHeaders({ 'x-a': 'a\nb' })), /x-a: the value has characters/);
    assert.throws(() => parseRoutes(withHeaders({ 'x-a': 'a\r\nSet-Cookie: x=1' })), RouteConfigError);
    assert.throws(() => parseRoutes(withHeaders({ 'Content-Length': '5' })), /set by PushPull/);
    assert.deepEqual(parseRoutes(withHeaders({ 'x-ok': 'tab\tand ünïcode' }))[0]?.response?.headers, {
      'x-ok': 'tab\tand ünïcode',
    });
  });

  it('calls a forward target exactly as given, whatever path and query the hook came to', () => {
    const url = (text: string, hookUrl: string): string => {
      const target = forwardTarget(text);
      return `${target.url.origin}${forwardPath(target, hookUrl)}`;
    };
    assert.equal(url('http://localhost:3000/webhooks', '/github/push?a=1'), 'http://localhost:3000/webhooks');
    assert.equal(url('http://localhost:3000', '/github/push?a=1'), 'http://localhost:3000/');
    assert.equal(url('http://h:3000/in/?token=abc', '/gh/push?x=1'), 'http://h:3000/in/?token=abc');
  });

  it('with keepPath, joins a forward target with the hook path and query', () => {
    const url = (text: string, hookUrl: string): string => {
      const target = forwardTarget(text);
      return `${target.url.origin}${forwardPath(target, hookUrl, true)}`;
    };
    assert.equal(url('http://localhost:3000', '/github/push?a=1'), 'http://localhost:3000/github/push?a=1');
    assert.equal(url('http://localhost:3000/in/', '/x'), 'http://localhost:3000/in/x');
    // A target's own query (a token, a tenant) is kept when the hook has none; the hook's query wins otherwise.
    assert.equal(url('http://h:3000/in?token=abc', '/gh/push'), 'http://h:3000/in/gh/push?token=abc');
    assert.equal(url('http://h:3000/in?token=abc', '/gh/push?x=1'), 'http://h:3000/in/gh/push?x=1');
  });

  it('refuses a target that is not an http:// or https:// URL, and records that as a failed forward', async () => {
    assert.throws(() => forwardTarget('ftp://h/x'), /"ftp:\/\/h\/x" is not an http:\/\/ or https:\/\/ URL/);
    assert.throws(() => forwardTarget('localhost:3000'), TypeError);
    const hook = { method: 'POST', url: '/x', headers: [] };
    const result = await forwardReceived(hook, Buffer.from('{}'), 'http//no-colon', { send: sendExact });
    assert.equal(result.target, 'http//no-colon');
    assert.equal(result.status, undefined);
    assert.match(
      result.error ?? '',
      /^Invalid forward target: "http\/\/no-colon" is not an http:\/\/ or https:\/\/ URL$/,
    );
  });

  it('sends credentials of the target as Basic auth, a malformed escape in them as written', async () => {
    const seen: Array<string | undefined> = [];
    const app = await startServer((req, res) => {
      seen.push(req.headers.authorization);
      res.end();
    });
    try {
      const hook = { method: 'POST', url: '/x', headers: [] };
      const target = app.url.replace('http://', 'http://us%zzer:p%40ss@');
      const result = await forwardReceived(hook, Buffer.from('{}'), `${target}/in`, { send: sendExact });
      assert.equal(result.status, 200, result.error);
      assert.deepEqual(seen, [`Basic ${Buffer.from('us%zzer:p@ss').toString('base64')}`]);
    } finally {
      await app.close();
    }
  });
});

describe('HookListener with routes', () => {
  const fixture = listenerPerTest();

  it('answers with the route response once the clock passes its delay, and records the route and status', async () => {
    const timers = new ManualTimers();
    const store = new MemoryHookStore();
    const listener = new HookListener(store, systemClock, silentLogger, timers, forwarder);
    const routes = parseRoutes([
      {
        name: 'slow',
        pathPrefix: '/slow',
        response: { status: 202, headers: { 'x-reply': 'yes' }, body: 'queued', delayMs: 150 },
      },
    ]);
    try {
      const address = await listener.start({ port: 0, routes });
      const waiting = timers.nextWait();
      const answering = send(`${address.url}/slow/1`, { body: '{}' });
      const first = await Promise.race([waiting, answering.then(() => 'answered')]);
      assert.equal(first, 150, 'the listener waits the route delay before it answers');
      assert.equal(store.size, 1, 'the hook is stored before the wait');
      timers.advance(149);
      assert.equal(timers.pending, 1, 'still waiting 1 ms before the delay has passed');
      timers.advance(1);
      const answer = await answering;
      assert.equal(answer.status, 202);
      assert.equal(answer.headers['x-reply'], 'yes');
      assert.equal(answer.body.toString(), 'queued');
      const hook = store.list()[0];
      assert.equal(hook?.route, 'slow');
      assert.equal(hook?.answerStatus, 202);
    } finally {
      await listener.stop();
    }
  });

  it('captures query pairs in order, content type, flags and the full URL', async () => {
    const address = await fixture.listener.start({ port: 0 });
    await send(`${address.url}/q?b=2&a=1&b=3&e=%E2%9C%93&bad=%ZZ`, {
      headers: { 'content-type': 'application/json' },
      body: '{"broken":',
    });
    const hook = fixture.store.list()[0];
    assert.ok(hook);
    assert.deepEqual(hook.query, [
      ['b', '2'],
      ['a', '1'],
      ['b', '3'],
      ['e', '✓'],
      ['bad', '%ZZ'],
    ]);
    assert.equal(hook.contentType, 'application/json');
    assert.deepEqual(hook.flags, ['invalid-json']);
    assert.equal(hook.fullUrl, `http://127.0.0.1:${address.port}/q?b=2&a=1&b=3&e=%E2%9C%93&bad=%ZZ`);
    assert.ok(hook.bodyMs >= 0);
    assert.deepEqual(Buffer.from((await fixture.store.readBody(hook.id)) ?? []).toString(), '{"broken":');
  });

  it('forwards with the original method, path, query, headers and body bytes, and stores the answer', async () => {
    let seen: { method?: string; url?: string; signature?: string; body?: Buffer } = {};
    const app = await startServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen = {
          method: req.method,
          url: req.url,
          signature: req.headers['x-signature'] as string,
          body: Buffer.concat(chunks),
        };
        res.writeHead(201);
        res.end('created by app');
      });
    });
    try {
      const routes = parseRoutes([{ name: 'app', pathPrefix: '/app', forwardTo: `${app.url}/base`, keepPath: true }]);
      const address = await fixture.listener.start({ port: 0, routes });
      const forwarded = new Promise<string>((resolve) => fixture.listener.onDidForward(resolve));
      const body = Buffer.from([0x7b, 0xff, 0x00, 0x7d]);
      const answer = await send(`${address.url}/app/hook?x=1`, {
        method: 'PATCH',
        headers: { 'x-signature': 'abc' },
        body,
      });
      assert.equal(answer.status, 200);
      const id = await forwarded;
      assert.deepEqual(seen, { method: 'PATCH', url: '/base/app/hook?x=1', signature: 'abc', body });
      const forward = fixture.store.get(id)?.forward;
      assert.equal(forward?.status, 201);
      assert.equal(forward?.body, 'created by app');
      assert.equal(forward?.target, `${app.url}/base/app/hook?x=1`, 'the URL called');
      assert.ok((forward?.ms ?? -1) >= 0);
    } finally {
      await app.close();
    }
  });

  it("forwards to a target's own query and credentials when the hook has none", async () => {
    let seen: { url?: string; auth?: string } = {};
    const app = await startServer((req, res) => {
      seen = { url: req.url, auth: req.headers.authorization };
      res.end('ok');
    });
    try {
      const target = app.url.replace('http://', 'http://user:p%40ss@');
      const routes = parseRoutes([
        { name: 'app', pathPrefix: '/app', forwardTo: `${target}/in?token=abc`, keepPath: true },
      ]);
      const address = await fixture.listener.start({ port: 0, routes });
      const forwarded = new Promise<string>((resolve) => fixture.listener.onDidForward(resolve));
      assert.equal((await send(`${address.url}/app/hook`, { body: '{}' })).status, 200);
      await forwarded;
      assert.deepEqual(seen, {
        url: '/in/app/hook?token=abc',
        auth: `Basic ${Buffer.from('user:p@ss').toString('base64')}`,
      });
    } finally {
      await app.close();
    }
  });

  it('forwards to forwardTo exactly as given, and the stored result names the URL called', async () => {
    const seen: string[] = [];
    const app = await startServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('ok');
    });
    try {
      const routes = parseRoutes([{ name: 'gh', pathPrefix: '/github', forwardTo: `${app.url}/webhooks` }]);
      const address = await fixture.listener.start({ port: 0, routes });
      const forwarded = new Promise<string>((resolve) => fixture.listener.onDidForward(resolve));
      assert.equal((await send(`${address.url}/github/push?x=1`, { body: '{}' })).status, 200);
      const id = await forwarded;
      assert.deepEqual(seen, ['/webhooks']);
      assert.equal(fixture.store.get(id)?.forward?.target, `${app.url}/webhooks`);
    } finally {
      await app.close();
    }
  });

  it('reads keepPath as true or false only', () => {
    assert.equal(parseRoutes([{ pathPrefix: '/a', keepPath: true }])[0]?.keepPath, true);
    assert.equal(parseRoutes([{ pathPrefix: '/a', keepPath: false }])[0]?.keepPath, undefined);
    assert.throws(
      () => parseRoutes([{ pathPrefix: '/a', keepPath: 'yes' }]),
      /routes\[0\]\.keepPath must be true or false/,
    );
  });

  it('keeps capturing and answering when the forward target is down', async () => {
    const app = await startServer((_req, res) => res.end());
    const target = app.url;
    await app.close();
    const routes = parseRoutes([{ name: 'down', pathPrefix: '/', forwardTo: target }]);
    const address = await fixture.listener.start({ port: 0, routes });
    const forwarded = new Promise<string>((resolve) => fixture.listener.onDidForward(resolve));
    const answer = await send(`${address.url}/anything`, { body: 'x' });
    assert.equal(answer.status, 200);
    const id = await forwarded;
    assert.equal(fixture.store.size, 1);
    const forward = fixture.store.get(id)?.forward;
    assert.equal(forward?.status, undefined);
    assert.match(forward?.error ?? '', /ECONNREFUSED/);
  });
});
