import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import { verifyRequest } from '../../../src/core/verify/registry';
import { duration } from '../../../src/core/verify/timestamp';
import type { ProviderName, Verdict } from '../../../src/core/model/verdict';

type Pairs = Array<[string, string]>;

const T0 = 1_750_000_000;
const BODY = '{"n":1}';
/** The longest signature header parsed (16 KiB); a longer one is refused unparsed. */
const LONGEST = 16 * 1024;

function check(provider: ProviderName, headers: Pairs, secret: string, nowSeconds = T0): Verdict {
  return verifyRequest(
    provider,
    { method: 'POST', url: 'http://localhost/hook', headers, body: Buffer.from(BODY) },
    { secret, clock: { now: () => nowSeconds * 1000 } },
  );
}

/** `value` followed by `fill` characters up to `length` characters in all. */
function padded(value: string, fill: string, length: number): string {
  assert.ok(value.length <= length);
  return value + fill.repeat(length - value.length);
}

function slackHeaders(signature: string, timestamp = String(T0)): Pairs {
  return [
    ['X-Slack-Request-Timestamp', timestamp],
    ['X-Slack-Signature', signature],
  ];
}

function slackSignature(timestamp: string): string {
  return `v0=${createHmac('sha256', 'sl').update(`v0:${timestamp}:${BODY}`).digest('hex')}`;
}

describe('verify: signature headers exactly at the length limit and one character past it', () => {
  function assertTooLong(verdict: Verdict): void {
    assert.equal(verdict.reason?.code, 'header-malformed');
    assert.match(verdict.reason?.message ?? '', new RegExp(` is ${LONGEST + 1} characters long`));
  }

  it('Stripe: a valid header padded with an unknown item to 16 KiB verifies; one more character is refused', () => {
    const secret = 'whsec_len';
    const signature = new Stripe('sk_test_not_used_offline').webhooks.generateTestHeaderString({
      payload: BODY,
      secret,
      timestamp: T0,
    });
    const at = padded(`${signature},x=`, 'a', LONGEST);
    assert.equal(check('stripe', [['Stripe-Signature', at]], secret).status, 'valid');
    assertTooLong(check('stripe', [['Stripe-Signature', `${at}a`]], secret));
  });

  it('Slack: a valid signature padded with spaces to 16 KiB verifies; one more character is refused', () => {
    const at = padded(slackSignature(String(T0)), ' ', LONGEST);
    assert.equal(check('slack', slackHeaders(at), 'sl').status, 'valid');
    assertTooLong(check('slack', slackHeaders(`${at} `), 'sl'));
  });

  it('Standard Webhooks: a signature list of 16 KiB verifies, and an id of 16 KiB; one more character is refused', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const sw = (id: string, signature: string): Pairs => [
      ['webhook-id', id],
      ['webhook-timestamp', String(T0)],
      ['webhook-signature', signature],
    ];
    const signed = new Webhook(secret).sign('msg_1', new Date(T0 * 1000), BODY);
    const at = padded(`${signed} `, 'x', LONGEST);
    assert.equal(check('standard-webhooks', sw('msg_1', at), secret).status, 'valid');
    assertTooLong(check('standard-webhooks', sw('msg_1', `${at}x`), secret));

    const longId = 'i'.repeat(LONGEST);
    const signedLongId = new Webhook(secret).sign(longId, new Date(T0 * 1000), BODY);
    assert.equal(check('standard-webhooks', sw(longId, signedLongId), secret).status, 'valid');
    const longerId = `${longId}i`;
    const signedLongerId = new Webhook(secret).sign(longerId, new Date(T0 * 1000), BODY);
    assertTooLong(check('standard-webhooks', sw(longerId, signedLongerId), secret));
  });
});

describe('verify: timestamp text and explanations at their bounds', () => {
  it('reads a timestamp of 15 digits as seconds and refuses one of 16 as not a Unix time', () => {
    const fifteen = '9'.repeat(15);
    assert.equal(
      check('slack', slackHeaders(slackSignature(fifteen), fifteen), 'sl').reason?.code,
      'timestamp-in-future',
    );
    const sixteen = '1'.repeat(16);
    const refused = check('slack', slackHeaders(slackSignature(sixteen), sixteen), 'sl');
    assert.equal(refused.reason?.code, 'header-malformed');
    assert.match(refused.reason?.message ?? '', /not a number of seconds since 1970/);
  });

  it('says a timestamp looks like milliseconds past 100,000,000,000, not at it', () => {
    const message = (timestamp: number): string =>
      check('slack', slackHeaders(slackSignature(String(timestamp)), String(timestamp)), 'sl').reason?.message ?? '';
    assert.doesNotMatch(message(100_000_000_000), /milliseconds/);
    assert.match(message(100_000_000_001), /It looks like milliseconds/);
  });

  it('words durations in seconds below 2 minutes, minutes below 2 hours, hours below 2 days, then days', () => {
    assert.deepEqual([119, 120, 7199, 7200, 172_799, 172_800].map(duration), [
      '119 s',
      '120 s (about 2 minutes)',
      '7199 s (about 120 minutes)',
      'about 2 hours',
      'about 48 hours',
      'about 2 days',
    ]);
  });
});
