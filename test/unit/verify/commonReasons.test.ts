import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { verifyRequest } from '../../../src/core/verify/registry';
import type { HmacOptions } from '../../../src/core/verify/types';
import type { ProviderName, Verdict } from '../../../src/core/model/verdict';

// The reasons every scheme shares, word for word: no signature header, no secret, a header sent twice,
// and how untrusted header text is quoted back; and the strict hex and base64 every scheme decodes with.

type Pairs = Array<[string, string]>;
const clock = { now: () => 1_750_000_000_000 };
const BODY = Buffer.from('{"event":"ping"}');

function run(provider: ProviderName, headers: Pairs, secret: string | undefined, hmac?: HmacOptions): Verdict {
  return verifyRequest(
    provider,
    { method: 'POST', url: 'https://example.com/hook', headers, body: BODY },
    { secret, clock, ...(hmac ? { hmac } : {}) },
  );
}

const HEADERS: ReadonlyArray<readonly [ProviderName, string, string]> = [
  ['github', 'X-Hub-Signature-256', 'GitHub'],
  ['stripe', 'Stripe-Signature', 'Stripe'],
  ['slack', 'X-Slack-Signature', 'Slack'],
  ['shopify', 'X-Shopify-Hmac-Sha256', 'Shopify'],
  ['gitlab', 'X-Gitlab-Token', 'GitLab'],
  ['twilio', 'X-Twilio-Signature', 'Twilio'],
];

describe('verify: reasons every scheme shares, word for word', () => {
  for (const [provider, headerName, title] of HEADERS) {
    it(`${provider}: not signed, and signed with no secret set`, () => {
      assert.deepEqual(run(provider, [], 'secret'), {
        status: 'not-signed',
        provider,
        reason: {
          code: 'header-missing',
          message: `The request has no ${headerName} header, so it is not signed. Check that the sender is ${title} and that signing is turned on for this webhook.`,
        },
      });
      assert.deepEqual(run(provider, [[headerName, 'v1=abc']], undefined), {
        status: 'no-secret',
        provider,
        reason: {
          code: 'no-secret',
          message: `The request is signed (${headerName}) but no signing secret is set, so the signature was not checked. Set the signing secret from ${title} to check it.`,
        },
      });
    });
  }

  it('standard-webhooks: not signed, and signed with no secret set', () => {
    assert.deepEqual(run('standard-webhooks', [], 'secret').reason, {
      code: 'header-missing',
      message:
        'The request has no webhook-signature (or svix-signature) header, so it is not signed. Check that the sender is Standard Webhooks (Svix) and that signing is turned on for this webhook.',
    });
    const signed = run(
      'standard-webhooks',
      [
        ['webhook-id', 'msg_1'],
        ['webhook-timestamp', '1750000000'],
        ['webhook-signature', 'v1,abc='],
      ],
      undefined,
    );
    assert.equal(signed.status, 'no-secret');
    assert.match(signed.reason?.message ?? '', /Set the signing secret from Standard Webhooks \(Svix\) to check it\.$/);
  });

  it('generic HMAC: points at the settings instead of a provider', () => {
    const hmac = { header: 'X-Sig' };
    assert.deepEqual(run('hmac', [], 'secret', hmac), {
      status: 'not-signed',
      provider: 'hmac',
      reason: {
        code: 'header-missing',
        message:
          'The request has no X-Sig header, so it is not signed. Check the header name in the settings, and that the sender signs its requests.',
      },
    });
    assert.deepEqual(run('hmac', [['X-Sig', 'abc']], undefined, hmac), {
      status: 'no-secret',
      provider: 'hmac',
      reason: {
        code: 'no-secret',
        message:
          'The request is signed (X-Sig) but no signing secret is set, so the signature was not checked. Set the signing secret to check it.',
      },
    });
  });

  it('a signature header sent twice with different values', () => {
    const verdict = run(
      'github',
      [
        ['X-Hub-Signature-256', 'sha256=aa'],
        ['x-hub-signature-256', 'sha256=bb'],
      ],
      'secret',
    );
    assert.deepEqual(verdict.reason, {
      code: 'header-malformed',
      message:
        'The request sent 2 X-Hub-Signature-256 headers with different values; a sender signs once, so one was ' +
        'added or changed on the way. Apps differ on which one they read (Node.js joins them with ", "), so the ' +
        'request is not valid as sent: find what adds the extra X-Hub-Signature-256 header.',
    });
  });

  it('quotes header text up to 40 characters, then cuts it with an ellipsis', () => {
    const hmac = { header: 'X-Sig' };
    const message = (value: string): string => run('hmac', [['X-Sig', value]], 'secret', hmac).reason?.message ?? '';
    const forty = '!'.repeat(40);
    assert.equal(message(forty), `X-Sig is "${forty}", which is not a hex digest after the prefix "".`);
    assert.equal(message(`${forty}?`), `X-Sig is "${forty}…", which is not a hex digest after the prefix "".`);
  });
});

describe('verify: signatures are decoded strictly', () => {
  const secret = 'shh';
  const digest = createHmac('sha256', secret).update(BODY).digest();
  const hex = digest.toString('hex');
  const base64 = digest.toString('base64');
  const check = (value: string, encoding: 'hex' | 'base64'): Verdict =>
    run('hmac', [['X-Sig', value]], secret, { header: 'X-Sig', encoding });

  it('accepts the digest as written', () => {
    assert.equal(check(hex, 'hex').status, 'valid');
    assert.equal(check(hex.toUpperCase(), 'hex').status, 'valid');
    assert.equal(check(base64, 'base64').status, 'valid');
  });

  for (const [name, value, encoding] of [
    ['hex with junk after it', `${hex}zz`, 'hex'],
    ['hex with junk before it', `zz${hex}`, 'hex'],
    ['hex of an odd length', `${hex}a`, 'hex'],
    ['base64 without its padding', base64.replace(/=+$/, ''), 'base64'],
    ['base64 with junk after it', `${base64}!`, 'base64'],
    ['an empty base64 digest', '', 'base64'],
  ] as const) {
    it(`refuses ${name} as malformed`, () => {
      assert.equal(check(value, encoding).reason?.code, 'header-malformed');
    });
  }
});
