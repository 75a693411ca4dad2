import * as assert from 'node:assert/strict';
import { verifyRequest } from '../../../src/core/verify/registry';
import type { ProviderName } from '../../../src/core/model/verdict';
import type { VerifyRequest } from '../../../src/core/verify/types';

// Fixed vectors from each provider's published documentation (or reference library tests).

const at = (seconds: number) => ({ now: () => seconds * 1000 });

function request(headers: Array<[string, string]>, body: string, url = 'http://localhost/'): VerifyRequest {
  return { method: 'POST', url, headers, body: Buffer.from(body) };
}

function check(provider: ProviderName, req: VerifyRequest, secret: string, nowSeconds = 0) {
  return verifyRequest(provider, req, { secret, clock: at(nowSeconds) });
}

describe('verify: documentation vectors', () => {
  it('GitHub docs: "Hello, World!" with "It\'s a Secret to Everybody"', () => {
    const req = request(
      [['X-Hub-Signature-256', 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17']],
      'Hello, World!',
    );
    assert.deepEqual(check('github', req, "It's a Secret to Everybody"), { status: 'valid', provider: 'github' });
    assert.equal(check('github', req, "It's a secret to everybody").status, 'invalid');
  });

  describe('Slack docs: slash command signed with 8f742231b10e8888abcd99yyyzzz85a5 at 1531420618', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
      '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com' +
      '%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const req = request(
      [
        ['X-Slack-Request-Timestamp', '1531420618'],
        ['X-Slack-Signature', 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503'],
      ],
      body,
    );
    const secret = '8f742231b10e8888abcd99yyyzzz85a5';

    it('is valid at the time it was sent', () => {
      assert.deepEqual(check('slack', req, secret, 1531420618 + 10), { status: 'valid', provider: 'slack' });
    });

    it('is refused years later as too old, by how much', () => {
      const verdict = check('slack', req, secret, 1531420618 + 3600);
      assert.equal(verdict.reason?.code, 'timestamp-too-old');
      assert.equal(verdict.reason?.skewSeconds, 3600);
    });

    it('recognises the Verification Token in the body given as the secret', () => {
      const verdict = check('slack', req, 'xyzz0WbapA4vBCDEFasx0q6G', 1531420618);
      assert.equal(verdict.reason?.code, 'wrong-secret');
      assert.match(verdict.reason?.message ?? '', /Verification Token/);
    });
  });

  it('Standard Webhooks spec / Svix example (msg_p5jXN8AQM9LWM0D4loKWxJek at 1614265330)', () => {
    const headers: Array<[string, string]> = [
      ['webhook-id', 'msg_p5jXN8AQM9LWM0D4loKWxJek'],
      ['webhook-timestamp', '1614265330'],
      ['webhook-signature', 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='],
    ];
    const req = request(headers, '{"test": 2432232314}');
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    assert.equal(check('standard-webhooks', req, secret, 1614265330).status, 'valid');
    // The prefix is optional; svix-* header names work the same.
    assert.equal(check('standard-webhooks', req, 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 1614265330).status, 'valid');
    const svix = request(
      headers.map(([n, v]) => [n.replace('webhook-', 'svix-'), v]),
      '{"test": 2432232314}',
    );
    assert.equal(check('standard-webhooks', svix, secret, 1614265330).status, 'valid');
    // Re-serialised compactly on the way, the body no longer matches, and PushPull says why.
    const compact = check('standard-webhooks', request(headers, '{"test":2432232314}'), secret, 1614265330);
    assert.equal(compact.reason?.code, 'body-mismatch');
    assert.match(compact.reason?.message ?? '', /re-serialised as JSON with ", " and ": " separators/);
  });

  describe('Twilio docs: auth token 12345', () => {
    const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
    const formHeaders = (signature: string): Array<[string, string]> => [
      ['Content-Type', 'application/x-www-form-urlencoded'],
      ['X-Twilio-Signature', signature],
    ];

    it('security docs example: POST params at https://mycompany.com/myapp.php?foo=1&bar=2', () => {
      const body = form({
        CallSid: 'CA1234567890ABCDE',
        Caller: '+12349013030',
        Digits: '1234',
        From: '+12349013030',
        To: '+18005551212',
      });
      const req = request(
        formHeaders('0/KCTR6DLpKmkAf8muzZqo1nDgQ='),
        body,
        'https://mycompany.com/myapp.php?foo=1&bar=2',
      );
      assert.equal(check('twilio', req, '12345').status, 'valid');
      // Behind a tunnel the listener sees http; Twilio signed https.
      const http = { ...req, url: 'http://mycompany.com/myapp.php?foo=1&bar=2' };
      assert.equal(check('twilio', http, '12345').reason?.code, 'url-mismatch');
    });

    it('library example: RSOYDt4T1cUTdK1PDd93/VVr8B8=, also with the default port in the URL', () => {
      const body = form({
        CallSid: 'CA1234567890ABCDE',
        Caller: '+14158675309',
        Digits: '1234',
        From: '+14158675309',
        To: '+18005551212',
      });
      for (const url of [
        'https://mycompany.com/myapp.php?foo=1&bar=2',
        'https://mycompany.com:443/myapp.php?foo=1&bar=2',
      ]) {
        assert.equal(
          check('twilio', request(formHeaders('RSOYDt4T1cUTdK1PDd93/VVr8B8='), body, url), '12345').status,
          'valid',
        );
      }
    });

    it('bodySHA256 variant for JSON bodies', () => {
      const url =
        'https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620';
      const headers: Array<[string, string]> = [
        ['Content-Type', 'application/json'],
        ['X-Twilio-Signature', 'a9nBmqA0ju/hNViExpshrM61xv4='],
      ];
      const body = '{"property": "value", "boolean": true}';
      assert.equal(check('twilio', request(headers, body, url), '12345').status, 'valid');
      const compact = check('twilio', request(headers, '{"property":"value","boolean":true}', url), '12345');
      assert.equal(compact.reason?.code, 'body-mismatch');
      assert.match(compact.reason?.message ?? '', /re-serialised/);
      const edited = check('twilio', request(headers, '{"property": "other", "boolean": true}', url), '12345');
      assert.equal(edited.reason?.code, 'body-mismatch');
      assert.match(edited.reason?.message ?? '', /changed after Twilio sent it/);
    });
  });
});
