import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parseRoutes } from '../../../src/core/hooks/routes';
import { forwardHook, forwardTarget } from '../../../src/core/relay/forward';
import { type ReplayedHook, planReplay, replaySigner } from '../../../src/core/relay/replay';
import type { ProviderName } from '../../../src/core/model/verdict';
import { signRequest, verifyRequest } from '../../../src/core/verify';
import { startServer } from '../helpers';
import { sendExact } from '../../../src/core/http/send';

const SECRET = 'whsec_c2VjcmV0LWZvci1yZXBsYXk=';
const DAY_AGO = { now: () => Date.now() - 86_400_000 };
const NOW = { now: () => Date.now() };

/** What the app received: method, path and query, headers and body. */
interface Arrived {
  readonly method: string;
  readonly url: string;
  readonly headers: Array<[string, string]>;
  readonly body: Buffer;
}

async function arrived(req: IncomingMessage): Promise<Arrived> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers: Array<[string, string]> = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '']);
  }
  return { method: req.method ?? '', url: req.url ?? '', headers, body: Buffer.concat(chunks) };
}

/** A hook of `provider` signed a day ago for `url`, as a route named `app` received it. */
function signedHook(provider: ProviderName, body: Buffer, url: string, headers: Array<[string, string]> = []) {
  const signed = signRequest(provider, { secret: SECRET, body, clock: DAY_AGO, url, headers });
  const path = new URL(signed.url ?? url);
  const hook: ReplayedHook = {
    method: 'POST',
    url: `${path.pathname}${path.search}`,
    headers: [['Host', path.host], ...headers, ...signed.headers],
    route: 'app',
    verdict: { status: 'invalid', provider },
  };
  return hook;
}

describe('planReplay (replay as plain Node)', () => {
  let app: Awaited<ReturnType<typeof startServer>>;
  let seen: Arrived[];

  beforeEach(async () => {
    seen = [];
    app = await startServer((req, res) => {
      void arrived(req).then((request) => {
        seen.push(request);
        res.end('ok');
      });
    });
  });
  afterEach(() => app.close());

  /** Verifies what arrived as `provider` would, at the app's own URL. */
  function verdictOf(request: Arrived, provider: ProviderName, hmac?: { header: string }) {
    const url = `${app.url}${request.url}`;
    const verified = { method: request.method, url, headers: request.headers, body: request.body };
    return verifyRequest(provider, verified, { secret: SECRET, clock: NOW, hmac }).status;
  }

  it('sends to the target exactly as given by default, and says so in its result', async () => {
    const body = Buffer.from('{"a":1}');
    const hook = signedHook('github', body, 'http://example.com/gh/push?x=1');
    const target = forwardTarget(`${app.url}/webhooks`);
    const request = planReplay(hook, body, target, { resign: false });
    assert.equal(request.path, '/webhooks');
    const result = await forwardHook(request, body, target, { send: sendExact });
    assert.equal(result.status, 200, result.error);
    assert.equal(seen[0]?.url, '/webhooks');
    assert.equal(result.target, `${app.url}/webhooks`);
  });

  it('with keepPath, sends the original method, headers and body to the target path when there is nothing to sign with', async () => {
    const body = Buffer.from('{"a":1}');
    const hook = signedHook('github', body, 'http://example.com/gh/push?x=1');
    const target = forwardTarget(`${app.url}/in/`);
    for (const signing of [
      { resign: true },
      { resign: true, route: parseRoutes([{ name: 'app', pathPrefix: '/' }])[0] },
    ]) {
      assert.equal(replaySigner(hook, signing), undefined, 'no secret, no re-signing');
      const request = planReplay(hook, body, target, { ...signing, keepPath: true });
      assert.deepEqual(request, { method: 'POST', headers: hook.headers, path: '/in/gh/push?x=1' });
    }
    const plan = planReplay(hook, body, target, { resign: false, keepPath: true });
    const result = await forwardHook(plan, body, target, { send: sendExact });
    assert.equal(result.target, `${app.url}/in/gh/push?x=1`, 'the result names the URL called');
    assert.equal(result.status, 200, result.error);
    assert.equal(seen[0]?.url, '/in/gh/push?x=1');
    assert.deepEqual(seen[0]?.body, body);
    assert.equal(verdictOf(seen[0] as Arrived, 'github'), 'valid', 'GitHub signs no timestamp: the original passes');
  });

  it('keeps the original headers when the user says not to re-sign, even with a provider and a secret', () => {
    const body = Buffer.from('{}');
    const hook = signedHook('stripe', body, 'http://example.com/s');
    const target = forwardTarget(app.url);
    assert.equal(replaySigner(hook, { secret: SECRET }), 'stripe');
    assert.deepEqual(planReplay(hook, body, target, { secret: SECRET, resign: false }).headers, hook.headers);
  });

  it('re-signs with a fresh timestamp for the provider the verdict named, which the app then accepts', async () => {
    const body = Buffer.from('{"id":"evt_1"}');
    const hook = signedHook('stripe', body, 'http://example.com/stripe');
    const target = forwardTarget(app.url);
    await forwardHook(planReplay(hook, body, target, { resign: false }), body, target, { send: sendExact });
    assert.equal(verdictOf(seen[0] as Arrived, 'stripe'), 'invalid', 'the original timestamp is a day old');
    const request = planReplay(hook, body, target, { secret: SECRET, resign: true, clock: NOW });
    assert.equal(request.headers.filter(([name]) => /^stripe-signature$/i.test(name)).length, 1);
    const result = await forwardHook(request, body, target, { send: sendExact });
    assert.equal(result.status, 200, result.error);
    assert.equal(verdictOf(seen[1] as Arrived, 'stripe'), 'valid');
  });

  it("prefers the route's provider and hmac settings to the verdict's provider", async () => {
    const body = Buffer.from('edited');
    const [route] = parseRoutes([{ name: 'app', pathPrefix: '/', provider: 'hmac', hmac: { header: 'X-Sig' } }]);
    const hook: ReplayedHook = {
      method: 'PUT',
      url: '/h',
      headers: [['X-Sig', 'stale']],
      route: 'app',
      verdict: { status: 'invalid', provider: 'github' },
    };
    const target = forwardTarget(app.url);
    assert.equal(replaySigner(hook, { route, secret: SECRET }), 'hmac');
    const request = planReplay(hook, body, target, { route, secret: SECRET, resign: true });
    const result = await forwardHook(request, body, target, { send: sendExact });
    assert.equal(result.status, 200, result.error);
    assert.equal(seen[0]?.method, 'PUT');
    assert.equal(verdictOf(seen[0] as Arrived, 'hmac', { header: 'X-Sig' }), 'valid');
  });

  it("sends an edited Twilio JSON body to the URL re-signed for its bodySHA256, on the target's origin", async () => {
    const original = Buffer.from('{"a":1}');
    const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
    const json: Array<[string, string]> = [['Content-Type', 'application/json']];
    const hook = signedHook('twilio', original, `http://example.com/tw?x=1&bodySHA256=${sha(original)}`, json);
    const edited = Buffer.from('{"a":2}');
    const target = forwardTarget(`${app.url}/in`);
    const request = planReplay(hook, edited, target, { secret: SECRET, resign: true, keepPath: true });
    assert.equal(request.path, `/in/tw?x=1&bodySHA256=${sha(edited)}`);
    const result = await forwardHook(request, edited, target, { send: sendExact });
    assert.equal(result.status, 200, result.error);
    assert.equal(seen[0]?.url, request.path);
    assert.equal(verdictOf(seen[0] as Arrived, 'twilio'), 'valid');
  });
});
