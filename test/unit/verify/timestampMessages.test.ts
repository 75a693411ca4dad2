import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { verifyRequest } from '../../../src/core/verify/registry';
import type { Verdict } from '../../../src/core/model/verdict';

// How a stale or future timestamp is put into words, and which timestamp headers are read as Unix
// seconds. (How far off a timestamp may be is pinned in each scheme's own tests.)

const NOW = 1_750_000_000;
const SECRET = 'slack-signing-secret';
const BODY = 'command=%2Fdeploy';

function slackAt(timestamp: string, now = NOW): Verdict {
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${BODY}`).digest('hex')}`;
  return verifyRequest(
    'slack',
    {
      method: 'POST',
      url: 'http://localhost/',
      headers: [
        ['X-Slack-Request-Timestamp', timestamp],
        ['X-Slack-Signature', signature],
      ],
      body: Buffer.from(BODY),
    },
    { secret: SECRET, clock: { now: () => now * 1000 } },
  );
}

const old = (words: string): string =>
  `The signature's timestamp is ${words} old; Slack accepts at most 300 s. This is a late delivery or a replay of an old request: ` +
  "re-sign it with a fresh timestamp (PushPull's replay does), or check this machine's clock.";
const future = (words: string): string =>
  `The signature's timestamp is ${words} in the future; Slack accepts at most 300 s of difference. ` +
  "This machine's clock (or the sender's) is wrong: sync it.";

describe('verify: timestamps put into words', () => {
  for (const [skew, words] of [
    [412, '412 s (about 7 minutes)'],
    [7199, '7199 s (about 120 minutes)'],
    [7200, 'about 2 hours'],
    [172_799, 'about 48 hours'],
    [172_800, 'about 2 days'],
    [12 * 86_400 + 5000, 'about 12 days'],
  ] as const) {
    it(`${skew} s old or ahead: "${words}"`, () => {
      assert.deepEqual(slackAt(String(NOW - skew)).reason, {
        code: 'timestamp-too-old',
        message: old(words),
        skewSeconds: skew,
      });
      assert.deepEqual(slackAt(String(NOW + skew)).reason, {
        code: 'timestamp-in-future',
        message: future(words),
        skewSeconds: -skew,
      });
    });
  }

  it('a timestamp in milliseconds is named as such', () => {
    const ms = String(NOW * 1000);
    assert.deepEqual(slackAt(ms).reason, {
      code: 'timestamp-in-future',
      message: `${future(`about ${Math.round((NOW * 1000 - NOW) / 86_400)} days`)} It looks like milliseconds; the sender must send seconds.`,
      skewSeconds: NOW - NOW * 1000,
    });
  });

  it('reads Unix seconds with spaces around them, and nothing else', () => {
    assert.equal(slackAt(` ${NOW} `).status, 'valid');
    for (const text of [`${NOW}s`, `t${NOW}`, `${NOW}.5`, '-1', '1234567890123456', '']) {
      assert.deepEqual(
        slackAt(text).reason,
        {
          code: 'header-malformed',
          message: `The timestamp in X-Slack-Request-Timestamp is ${JSON.stringify(text)}, not a number of seconds since 1970 (Unix time).`,
        },
        text,
      );
    }
  });
});
