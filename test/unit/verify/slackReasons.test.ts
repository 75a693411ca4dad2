import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { verifyRequest } from '../../../src/core/verify/registry';
import type { Verdict } from '../../../src/core/model/verdict';

// What a person reads when a Slack request does not verify, word for word.

const T0 = 1_750_000_000;
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const FORM = 'token=legacy-verification-token&team_id=T1&command=%2Fdeploy&text=now';
const MISMATCH =
  'The signature does not match: the secret is wrong, or the body was modified after it was signed (no re-serialised form of it matches either). ' +
  "Check the secret: the app's Signing Secret under Basic Information → App Credentials at api.slack.com/apps (not the Verification Token or a bot token).";
const OAUTH =
  'The secret looks like a Slack OAuth token, not its Signing Secret. Use the Signing Secret from Basic Information → App Credentials at api.slack.com/apps.';
const VERIFICATION =
  "The secret looks like the app's deprecated Verification Token, not its Signing Secret. Use the Signing Secret from Basic Information → App Credentials at api.slack.com/apps.";

function sign(body: string, key = SECRET, t = T0): string {
  return `v0=${createHmac('sha256', key).update(`v0:${t}:${body}`).digest('hex')}`;
}

function check(headers: Array<[string, string]>, body: string, secret = SECRET, now = T0): Verdict {
  return verifyRequest(
    'slack',
    { method: 'POST', url: 'http://localhost/', headers, body: Buffer.from(body) },
    { secret, clock: { now: () => now * 1000 } },
  );
}

const slack = (signature: string, body = FORM, secret = SECRET, now = T0): Verdict =>
  check(
    [
      ['X-Slack-Request-Timestamp', String(T0)],
      ['X-Slack-Signature', signature],
    ],
    body,
    secret,
    now,
  );

describe('verify: Slack reasons, word for word', () => {
  it('a valid signature names Slack, with spaces around it too', () => {
    assert.deepEqual(slack(sign(FORM)), { status: 'valid', provider: 'slack' });
    assert.deepEqual(slack(` ${sign(FORM)} `), { status: 'valid', provider: 'slack' });
  });

  it('signatures that are not "v0=" and 64 hex digits', () => {
    const hex = sign(FORM).slice(3);
    for (const value of [hex, `v1=${hex}`, 'v0=abc', `v0=${hex}00`]) {
      assert.deepEqual(slack(value).reason, {
        code: 'header-malformed',
        message: `X-Slack-Signature is ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}; it should be "v0=" followed by 64 hex digits.`,
      });
    }
    assert.deepEqual(slack(`v0=${'a'.repeat(16 * 1024)}`).reason, {
      code: 'header-malformed',
      message: `The X-Slack-Signature header is ${16 * 1024 + 3} characters long, far more than any signature; it was not parsed.`,
    });
  });

  it('no timestamp header, or one that is not Unix seconds', () => {
    assert.deepEqual(check([['X-Slack-Signature', sign(FORM)]], FORM).reason, {
      code: 'header-missing',
      message:
        'The request has X-Slack-Signature but no X-Slack-Request-Timestamp, which is part of what Slack signs. ' +
        'Something between Slack and here dropped it; forward all headers.',
    });
    const verdict = check(
      [
        ['X-Slack-Request-Timestamp', 'yesterday'],
        ['X-Slack-Signature', sign(FORM)],
      ],
      FORM,
    );
    assert.equal(verdict.provider, 'slack');
    assert.deepEqual(verdict.reason, {
      code: 'header-malformed',
      message:
        'The timestamp in X-Slack-Request-Timestamp is "yesterday", not a number of seconds since 1970 (Unix time).',
    });
  });

  it('a header sent twice with different values', () => {
    const verdict = check(
      [
        ['X-Slack-Request-Timestamp', String(T0)],
        ['X-Slack-Request-Timestamp', String(T0 + 1)],
        ['X-Slack-Signature', sign(FORM)],
      ],
      FORM,
    );
    assert.equal(verdict.provider, 'slack');
    assert.equal(verdict.reason?.code, 'header-malformed');
  });

  it('a bot or user token given as the secret', () => {
    for (const token of ['xoxb-1234-5678-abcd', 'xoxp-1-2-3']) {
      assert.deepEqual(slack(sign(FORM), FORM, token).reason, { code: 'wrong-secret', message: OAUTH });
    }
    assert.deepEqual(slack(sign(FORM), FORM, 'my-xoxb-1234').reason, { code: 'signature-mismatch', message: MISMATCH });
  });

  it('the Verification Token given as the secret, wherever the payload carries it', () => {
    const token = 'legacy-verification-token';
    const bodies = [
      FORM,
      `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', token }))}`,
      JSON.stringify({ type: 'event_callback', token }),
    ];
    for (const body of bodies) {
      assert.deepEqual(slack(sign(body), body, token).reason, { code: 'wrong-secret', message: VERIFICATION }, body);
    }
    for (const body of [
      '{"type":"event_callback","token":"another"}',
      'null',
      '"legacy-verification-token"',
      'payload=%7B',
    ]) {
      assert.deepEqual(slack(sign(body), body, token).reason, { code: 'signature-mismatch', message: MISMATCH }, body);
    }
  });

  it('looks for a Verification Token in bodies up to 64 KiB, not beyond', () => {
    const pad = (n: number): string => `${FORM}&pad=${'x'.repeat(n - FORM.length - 5)}`;
    const kib64 = pad(64 * 1024);
    assert.equal(kib64.length, 64 * 1024);
    assert.equal(slack(sign(kib64), kib64, 'legacy-verification-token').reason?.code, 'wrong-secret');
    const over = pad(64 * 1024 + 1);
    assert.equal(slack(sign(over), over, 'legacy-verification-token').reason?.code, 'signature-mismatch');
  });

  it('every verdict names Slack', () => {
    const verdicts = [
      check([['X-Slack-Signature', sign(FORM)]], FORM),
      slack(sign(FORM), FORM, 'xoxb-1'),
      slack(sign(FORM, 'another')),
    ];
    for (const verdict of verdicts) assert.equal(verdict.provider, 'slack');
  });

  it('a wrong secret, and the stale timestamp added to it', () => {
    assert.deepEqual(slack(sign(FORM, 'another')).reason, { code: 'signature-mismatch', message: MISMATCH });
    assert.deepEqual(slack(sign(FORM, 'another'), FORM, SECRET, T0 + 3 * 3600).reason, {
      code: 'signature-mismatch',
      message:
        `${MISMATCH} Also, the signature's timestamp is about 3 hours old; Slack accepts at most 300 s. ` +
        "This is a late delivery or a replay of an old request: re-sign it with a fresh timestamp (PushPull's replay does), or check this machine's clock.",
    });
  });
});
