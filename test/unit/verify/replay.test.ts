import * as assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import twilio from 'twilio';
import { systemClock } from '../../../src/core/clock';
import { pairHeaders } from '../../../src/core/model/headers';
import { applySignedHeaders, signRequest } from '../../../src/core/verify/sign';
import type { ProviderName } from '../../../src/core/model/verdict';
import { send, startServer } from '../helpers';

interface OctokitMethods {
  sign(secret: string, payload: string): Promise<string>;
  verify(secret: string, payload: string, signature: string): Promise<boolean>;
}
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

const stripe = new Stripe('sk_test_not_used_offline');
const SECRETS = {
  github: 'gh-secret',
  stripe: 'whsec_stripeSecret',
  sw: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  twilio: '0123456789abcdef0123456789abcdef',
};
const DAY_AGO = Date.now() - 86_400_000;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The user's app: checks each provider's signature with the provider's official library. */
function userApp(octokit: OctokitMethods, baseUrl: () => string) {
  return async (req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const text = body.toString('utf8');
    const h = (name: string) => String(req.headers[name] ?? '');
    let ok = false;
    try {
      if (req.url === '/github') ok = await octokit.verify(SECRETS.github, text, h('x-hub-signature-256'));
      if (req.url === '/stripe')
        ok = stripe.webhooks.constructEvent(body, h('stripe-signature'), SECRETS.stripe) !== undefined;
      if (req.url === '/standard') new Webhook(SECRETS.sw).verify(text, req.headers as Record<string, string>);
      if (req.url === '/svix') new SvixWebhook(SECRETS.sw).verify(text, req.headers as Record<string, string>);
      if (req.url === '/standard' || req.url === '/svix') ok = true;
      if (req.url === '/twilio') {
        const params = Object.fromEntries(new URLSearchParams(text));
        ok = twilio.validateRequest(SECRETS.twilio, h('x-twilio-signature'), `${baseUrl()}/twilio`, params);
      }
    } catch {
      ok = false;
    }
    res.writeHead(ok ? 204 : 401).end();
  };
}

describe('re-signed replays pass the receiving app’s official-library check', () => {
  let app: Awaited<ReturnType<typeof startServer>>;
  let octokit: OctokitMethods;
  let originals: Record<
    string,
    { path: string; provider: ProviderName; secret: string; headers: Array<[string, string]>; body: string }
  >;

  before(async () => {
    octokit = (await importEsm('@octokit/webhooks-methods')) as OctokitMethods;
    let base = '';
    app = await startServer((req, res) => void userApp(octokit, () => base)(req, res));
    base = app.url;
    const json = '{"id":"evt_1","object":"event","type":"invoice.paid"}';
    const form = 'MessageSid=SM1&Body=Hello+there&From=%2B15550001111';
    const swOld = new Webhook(SECRETS.sw).sign('msg_old', new Date(DAY_AGO), json);
    // Hooks as they were captured a day ago, signed then by the providers' own libraries.
    originals = {
      github: {
        path: '/github',
        provider: 'github',
        secret: SECRETS.github,
        headers: [
          ['X-Hub-Signature-256', await octokit.sign(SECRETS.github, json)],
          ['X-GitHub-Event', 'ping'],
        ],
        body: json,
      },
      stripe: {
        path: '/stripe',
        provider: 'stripe',
        secret: SECRETS.stripe,
        headers: [
          [
            'Stripe-Signature',
            stripe.webhooks.generateTestHeaderString({
              payload: json,
              secret: SECRETS.stripe,
              timestamp: DAY_AGO / 1000,
            }),
          ],
        ],
        body: json,
      },
      standard: {
        path: '/standard',
        provider: 'standard-webhooks',
        secret: SECRETS.sw,
        headers: [
          ['webhook-id', 'msg_old'],
          ['webhook-timestamp', String(Math.floor(DAY_AGO / 1000))],
          ['webhook-signature', swOld],
        ],
        body: json,
      },
      svix: {
        path: '/svix',
        provider: 'standard-webhooks',
        secret: SECRETS.sw,
        headers: [
          ['svix-id', 'msg_old'],
          ['svix-timestamp', String(Math.floor(DAY_AGO / 1000))],
          ['svix-signature', swOld],
        ],
        body: json,
      },
      twilio: {
        path: '/twilio',
        provider: 'twilio',
        secret: SECRETS.twilio,
        headers: [
          ['Content-Type', 'application/x-www-form-urlencoded'],
          [
            'X-Twilio-Signature',
            twilio.getExpectedTwilioSignature(
              SECRETS.twilio,
              'https://public.example/sms',
              Object.fromEntries(new URLSearchParams(form)),
            ),
          ],
        ],
        body: form,
      },
    };
  });
  after(() => app.close());

  const replay = (path: string, headers: Array<[string, string]>, body: string) =>
    send(`${app.url}${path}`, { headers: Object.fromEntries(headers), body });

  for (const name of ['github', 'stripe', 'standard', 'svix', 'twilio']) {
    it(`${name}: the original headers fail where they should, re-signed ones pass, also with an edited body`, async () => {
      const original = originals[name];
      assert.ok(original);
      const untouched = await replay(original.path, original.headers, original.body);
      // GitHub has no timestamp, so an untouched replay of the same bytes still passes there.
      assert.equal(untouched.status, name === 'github' ? 204 : 401);
      for (const body of [
        original.body,
        original.body.replace('Hello', 'Edited').replace('invoice.paid', 'invoice.void'),
      ]) {
        const signed = signRequest(original.provider, {
          secret: original.secret,
          body: Buffer.from(body),
          clock: systemClock,
          url: `${app.url}${original.path}`,
          headers: original.headers,
        });
        const headers = applySignedHeaders(original.headers, signed.headers);
        const answer = await replay(original.path, headers, body);
        assert.equal(answer.status, 204, `${name} replay of ${body}`);
        // An edited body with the old headers is refused by the app.
        if (body !== original.body) assert.equal((await replay(original.path, original.headers, body)).status, 401);
      }
    });
  }

  it('keeps the header names and order of the original apart from the replaced ones', () => {
    const original = pairHeaders([
      'Host',
      'x',
      'svix-id',
      'old',
      'User-Agent',
      'Svix-Webhooks/1.0',
      'svix-signature',
      'v1,old',
    ]);
    const signed = signRequest('standard-webhooks', {
      secret: SECRETS.sw,
      body: Buffer.from('{}'),
      clock: systemClock,
      headers: original,
    });
    const merged = applySignedHeaders(original, signed.headers);
    assert.deepEqual(
      merged.map(([n]) => n),
      ['Host', 'User-Agent', 'svix-id', 'svix-timestamp', 'svix-signature'],
    );
  });
});
