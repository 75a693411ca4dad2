import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as fc from 'fast-check';
import { verifyRequest } from '../../../src/core/verify/registry';
import { signRequest } from '../../../src/core/verify/sign';
import type { Verdict } from '../../../src/core/model/verdict';

const T0 = 1_531_420_618;

/** Slack's documented recipe, written out independently: v0= + hex HMAC-SHA256 of "v0:<ts>:<body>". */
function slackSignature(secret: string, timestamp: string, body: Uint8Array): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
}

function check(
  headers: Array<[string, string]>,
  body: Uint8Array | string,
  secret: string | undefined,
  now = T0,
): Verdict {
  return verifyRequest(
    'slack',
    { method: 'POST', url: 'http://localhost/slack', headers, body: Buffer.from(body) },
    { secret, clock: { now: () => now * 1000 } },
  );
}

const signed = (secret: string, body: Uint8Array | string, ts = T0): Array<[string, string]> => [
  ['X-Slack-Request-Timestamp', String(ts)],
  ['X-Slack-Signature', slackSignature(secret, String(ts), Buffer.from(body))],
];

describe('verify: Slack', () => {
  it('verifies any bytes signed with the documented recipe; a flipped byte or another secret does not', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        (body, secret, index) => {
          const headers = signed(secret, body);
          assert.equal(check(headers, body, secret).status, 'valid');
          const tampered = Buffer.from(body);
          const i = index % tampered.length;
          tampered[i] = (tampered[i] as number) >= 0x7f ? 0x41 : (tampered[i] as number) < 0x21 ? 0x5a : 0x7f;
          assert.equal(check(headers, tampered, secret).reason?.code, 'signature-mismatch');
          assert.equal(check(headers, body, `${secret}x`).reason?.code, 'signature-mismatch');
        },
      ),
    );
  });

  it('accepts timestamps within five minutes either way; outside, says which way and by how much', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3600, max: 3600 }), (skew) => {
        const verdict = check(signed('s', 'x=1'), 'x=1', 's', T0 + skew);
        if (Math.abs(skew) <= 300) assert.equal(verdict.status, 'valid');
        else {
          assert.equal(verdict.reason?.code, skew > 0 ? 'timestamp-too-old' : 'timestamp-in-future');
          assert.equal(verdict.reason?.skewSeconds, skew);
        }
      }),
    );
  });

  it('re-signs replays with a fresh timestamp that verifies', () => {
    const body = Buffer.from('payload=%7B%22type%22%3A%22block_actions%22%7D');
    const later = T0 + 86_400;
    const result = signRequest('slack', { secret: 'sign', body, clock: { now: () => later * 1000 } });
    const headers = result.headers.map(([n, v]) => [n, v] as [string, string]);
    assert.equal(headers.find(([n]) => n === 'X-Slack-Request-Timestamp')?.[1], String(later));
    assert.deepEqual(
      headers.find(([n]) => n === 'X-Slack-Signature')?.[1],
      slackSignature('sign', String(later), body),
    );
    assert.equal(check(headers, body, 'sign', later).status, 'valid');
    assert.equal(check(signed('sign', body), body, 'sign', later).reason?.code, 'timestamp-too-old');
  });

  it('says when a form body was re-encoded or a JSON body re-serialised', () => {
    const form = 'text=hello world&user_name=road runner'.replace(/ /g, '%20');
    const reencoded = check(signed('s', form), form.replace(/%20/g, '+'), 's');
    assert.equal(reencoded.reason?.code, 'body-mismatch');
    assert.match(reencoded.reason?.message ?? '', /re-encoded as a form \(spaces as "%20"\)/);
    const json = '{"type":"url_verification","challenge":"é"}';
    const escaped = check(signed('s', json), '{"type":"url_verification","challenge":"\\u00e9"}', 's');
    assert.equal(escaped.reason?.code, 'body-mismatch');
  });

  it('tells missing, malformed and mistaken headers and secrets apart', () => {
    const headers = signed('s', 'a=b');
    assert.equal(check([], 'a=b', 's').status, 'not-signed');
    assert.equal(check(headers, 'a=b', undefined).status, 'no-secret');
    assert.equal(check([headers[1] as [string, string]], 'a=b', 's').reason?.code, 'header-missing');
    assert.equal(
      check([headers[0] as [string, string], ['X-Slack-Signature', 'v1=abc']], 'a=b', 's').reason?.code,
      'header-malformed',
    );
    assert.equal(
      check([['X-Slack-Request-Timestamp', 'soon'], headers[1] as [string, string]], 'a=b', 's').reason?.code,
      'header-malformed',
    );
    const bot = check(headers, 'a=b', 'xoxb-123-456');
    assert.equal(bot.reason?.code, 'wrong-secret');
    assert.match(bot.reason?.message ?? '', /OAuth token/);
    assert.equal(check(headers, 'a=b', 's\n').reason?.code, 'secret-format');
  });

  it('explains a millisecond timestamp', () => {
    const ms = T0 * 1000;
    const verdict = check(signed('s', 'a=b', ms), 'a=b', 's');
    assert.equal(verdict.reason?.code, 'timestamp-in-future');
    assert.match(verdict.reason?.message ?? '', /milliseconds/);
  });
});
