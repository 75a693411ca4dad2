import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { silentLogger } from '../../src/core/clock';
import { HookListener } from '../../src/core/hooks/listener';
import { parseRoutes } from '../../src/core/hooks/routes';
import { DurableHookStore } from '../../src/core/store/durable';
import { detectProvider } from '../../src/core/verify/detect';
import { send, tempDir } from './helpers';

const SECRET = 'It’s a Secret to Everybody';
const github = (body: string, secret = SECRET): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('signature verdicts on arrival', () => {
  let store: DurableHookStore;
  let dir: string;
  let listener: HookListener;
  let url: string;

  beforeEach(async () => {
    // The durable store in a temporary folder, as the product keeps hooks.
    dir = await tempDir('pushpull-signing-');
    store = await DurableHookStore.open(dir);
    listener = new HookListener(store, { now: () => Date.now() }, silentLogger);
    const routes = parseRoutes([
      { name: 'gh', pathPrefix: '/gh', provider: 'github' },
      { name: 'stripe', pathPrefix: '/stripe', provider: 'stripe' },
    ]);
    const secrets: Record<string, string> = { gh: SECRET, stripe: 'whsec_test' };
    url = (await listener.start({ port: 0, routes, secretFor: (name) => secrets[name] })).url;
  });
  afterEach(async () => {
    await listener.stop();
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('valid, invalid with a reason, no secret, and not signed', async () => {
    const body = '{"zen":"Design for failure."}';
    await send(`${url}/gh/a`, { headers: { 'x-hub-signature-256': github(body) }, body });
    await send(`${url}/gh/b`, { headers: { 'x-hub-signature-256': github(body, 'wrong') }, body });
    await send(`${url}/elsewhere`, { headers: { 'x-hub-signature-256': github(body) }, body });
    await send(`${url}/plain`, { body });
    await send(`${url}/gh/c`, { body });
    const [unsignedOnRoute, notSigned, noSecret, invalid, valid] = store.list();
    assert.deepEqual(valid?.verdict, { status: 'valid', provider: 'github' });
    assert.equal(invalid?.verdict?.status, 'invalid');
    assert.equal(invalid?.verdict?.provider, 'github');
    assert.ok(invalid?.verdict?.reason?.message, 'an invalid verdict says why');
    assert.equal(noSecret?.verdict?.status, 'no-secret');
    assert.equal(noSecret?.verdict?.provider, 'github');
    assert.deepEqual(notSigned?.verdict, { status: 'not-signed' });
    // The route says its hooks come signed by GitHub: one without a signature is flagged, not passed over.
    assert.equal(unsignedOnRoute?.verdict?.status, 'invalid');
    assert.equal(unsignedOnRoute?.verdict?.reason?.code, 'header-missing');
  });

  it('says by how much a Stripe timestamp is too old', async () => {
    const body = '{"type":"charge.succeeded"}';
    const t = Math.floor(Date.now() / 1000) - 900;
    const v1 = createHmac('sha256', 'whsec_test').update(`${t}.${body}`).digest('hex');
    await send(`${url}/stripe/events`, { headers: { 'stripe-signature': `t=${t},v1=${v1}` }, body });
    const verdict = store.list()[0]?.verdict;
    assert.equal(verdict?.status, 'invalid');
    assert.equal(verdict?.reason?.code, 'timestamp-too-old');
    assert.ok((verdict?.reason?.skewSeconds ?? 0) >= 899);
  });

  it('detects the scheme from the headers', () => {
    assert.equal(detectProvider([['Stripe-Signature', 't=1,v1=x']]), 'stripe');
    assert.equal(detectProvider([['svix-signature', 'v1,x']]), 'standard-webhooks');
    assert.equal(detectProvider([['content-type', 'application/json']]), undefined);
  });

  it('validates provider, hmac and publicUrl in routes', () => {
    assert.throws(
      () => parseRoutes([{ pathPrefix: '/a', provider: 'paypal' }]),
      /routes\[0\]\.provider must be one of/,
    );
    assert.throws(() => parseRoutes([{ pathPrefix: '/a', provider: 'hmac' }]), /routes\[0\]\.hmac is needed/);
    assert.throws(() => parseRoutes([{ pathPrefix: '/a', hmac: { header: 'X', encoding: 'b32' } }]), /encoding/);
    assert.equal(parseRoutes([{ pathPrefix: '/a', provider: 'svix' }])[0]?.provider, 'standard-webhooks');
    assert.throws(() => parseRoutes([{ pathPrefix: '/a', publicUrl: 'nope' }]), /publicUrl/);
  });
});
