import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import twilio from 'twilio';
import { verifyRequest } from '../../../src/core/verify/registry';
import type { HmacOptions } from '../../../src/core/verify/types';
import type { ProviderName, Verdict } from '../../../src/core/model/verdict';

interface OctokitMethods {
  sign(secret: string, payload: string): Promise<string>;
  verify(secret: string, payload: string, signature: string): Promise<boolean>;
}
// @octokit/webhooks-methods is ESM only; TypeScript's CommonJS output would turn import() into require().
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

type Pairs = Array<[string, string]>;
const T0 = 1_750_000_000;
const stripe = new Stripe('sk_test_not_used_offline');
const URL_CALLED = 'https://example.com/hook';
const HMAC: HmacOptions = { header: 'X-Signature', algorithm: 'sha256', encoding: 'hex' };

function check(provider: ProviderName, headers: Pairs, body: string, secret: string): Verdict {
  return verifyRequest(
    provider,
    { method: 'POST', url: URL_CALLED, headers, body: Buffer.from(body) },
    { secret, clock: { now: () => T0 * 1000 }, hmac: HMAC },
  );
}

interface Case {
  readonly provider: ProviderName;
  readonly secret: string;
  readonly body: string;
  /** Headers signed by the provider's library (or its documented recipe). */
  readonly headers: Pairs;
  /** A header the scheme reads, and another value for a second copy of it. */
  readonly copies: ReadonlyArray<readonly [string, string]>;
}

const hex = (key: string, ...parts: string[]) => {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest('hex');
};

function cases(githubSignature: string): Case[] {
  const body = '{"zen":"hi"}';
  const stripeSignature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_x', timestamp: T0 });
  const swSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const swSignature = new Webhook(swSecret).sign('msg_1', new Date(T0 * 1000), body);
  const form = 'Body=hi&From=%2B1555';
  const twilioSignature = twilio.getExpectedTwilioSignature('tok', URL_CALLED, { Body: 'hi', From: '+1555' });
  return [
    {
      provider: 'github',
      secret: 's',
      body,
      headers: [['X-Hub-Signature-256', githubSignature]],
      copies: [['X-Hub-Signature-256', `sha256=${'0'.repeat(64)}`]],
    },
    {
      provider: 'github',
      secret: 's',
      body,
      headers: [['X-Hub-Signature', `sha1=${createHmac('sha1', 's').update(body).digest('hex')}`]],
      copies: [['X-Hub-Signature', `sha1=${'0'.repeat(40)}`]],
    },
    {
      provider: 'stripe',
      secret: 'whsec_x',
      body,
      headers: [['Stripe-Signature', stripeSignature]],
      copies: [['Stripe-Signature', `t=${T0},v1=${'0'.repeat(64)}`]],
    },
    {
      provider: 'slack',
      secret: 'slack-secret',
      body,
      headers: [
        ['X-Slack-Request-Timestamp', String(T0)],
        ['X-Slack-Signature', `v0=${hex('slack-secret', `v0:${T0}:`, body)}`],
      ],
      copies: [
        ['X-Slack-Signature', `v0=${'0'.repeat(64)}`],
        ['X-Slack-Request-Timestamp', String(T0 + 1)],
      ],
    },
    {
      provider: 'shopify',
      secret: 'shop',
      body,
      headers: [['X-Shopify-Hmac-Sha256', createHmac('sha256', 'shop').update(body).digest('base64')]],
      copies: [['X-Shopify-Hmac-Sha256', Buffer.alloc(32).toString('base64')]],
    },
    {
      provider: 'standard-webhooks',
      secret: swSecret,
      body,
      headers: [
        ['webhook-id', 'msg_1'],
        ['webhook-timestamp', String(T0)],
        ['webhook-signature', swSignature],
      ],
      copies: [
        ['webhook-signature', `v1,${Buffer.alloc(32).toString('base64')}`],
        ['webhook-id', 'msg_2'],
        ['webhook-timestamp', String(T0 + 1)],
      ],
    },
    {
      // svix-signature with the id and timestamp under webhook-* names: those are the ones read.
      provider: 'standard-webhooks',
      secret: swSecret,
      body,
      headers: [
        ['webhook-id', 'msg_1'],
        ['webhook-timestamp', String(T0)],
        ['svix-signature', swSignature],
      ],
      copies: [
        ['svix-signature', `v1,${Buffer.alloc(32).toString('base64')}`],
        ['webhook-id', 'msg_2'],
      ],
    },
    {
      provider: 'gitlab',
      secret: 'token',
      body,
      headers: [['X-Gitlab-Token', 'token']],
      copies: [['X-Gitlab-Token', 'other']],
    },
    {
      provider: 'twilio',
      secret: 'tok',
      body: form,
      headers: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['X-Twilio-Signature', twilioSignature],
      ],
      copies: [
        ['X-Twilio-Signature', Buffer.alloc(20).toString('base64')],
        ['X-Twilio-Webhooks-Signature-Settings', 'algorithm=HMAC_SHA256'],
      ],
    },
    {
      provider: 'hmac',
      secret: 'h',
      body,
      headers: [['X-Signature', hex('h', body)]],
      copies: [['X-Signature', '0'.repeat(64)]],
    },
  ];
}

describe('verify: a signature header sent twice', () => {
  let octokit: OctokitMethods;
  before(async () => {
    octokit = (await importEsm('@octokit/webhooks-methods')) as OctokitMethods;
  });

  it('GitHub: two different X-Hub-Signature-256 are invalid in either order, as for the app that sees them joined', async () => {
    const body = '{"zen":"hi"}';
    const good = await octokit.sign('s', body);
    const bad = `sha256=${'0'.repeat(64)}`;
    for (const pair of [
      [good, bad],
      [bad, good],
    ]) {
      // Node.js joins repeated headers with ", "; the library refuses the joined value.
      assert.equal(await octokit.verify('s', body, pair.join(', ')), false);
      const verdict = check(
        'github',
        pair.map((value) => ['X-Hub-Signature-256', value] as [string, string]),
        body,
        's',
      );
      assert.equal(verdict.status, 'invalid');
      assert.equal(verdict.reason?.code, 'header-malformed');
      assert.match(verdict.reason?.message ?? '', /sent 2 X-Hub-Signature-256 headers.*a sender signs once/);
    }
  });

  it('every scheme refuses a second, different copy of a header it reads, naming it; identical copies are one', async () => {
    for (const c of cases(await octokit.sign('s', '{"zen":"hi"}'))) {
      const label = `${c.provider} ${c.headers.map(([n]) => n).join(', ')}`;
      assert.equal(check(c.provider, c.headers, c.body, c.secret).status, 'valid', label);
      const doubled: Pairs = c.headers.flatMap(([n, v]) => [[n, v] as [string, string], [n, ` ${v} `]]);
      assert.equal(check(c.provider, doubled, c.body, c.secret).status, 'valid', `${label}, identical copies`);
      for (const [name, other] of c.copies) {
        const at = c.headers.findIndex(([n]) => n === name);
        for (const before of [true, false]) {
          const headers: Pairs = [...c.headers];
          const copy: [string, string] = [name.toLowerCase(), other];
          if (at < 0) headers.push(copy, [name, `${other}x`]);
          else headers.splice(before ? at : at + 1, 0, copy);
          const verdict = check(c.provider, headers, c.body, c.secret);
          assert.equal(verdict.status, 'invalid', `${label}: ${name}`);
          assert.equal(verdict.reason?.code, 'header-malformed', `${label}: ${name}`);
          assert.ok(verdict.reason?.message.includes(`sent 2 ${name} headers`), verdict.reason?.message);
        }
      }
    }
  });
});
