import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import twilio from 'twilio';
import { verifyRequest } from '../../../src/core/verify/registry';
import type { Verdict } from '../../../src/core/model/verdict';

// What a person reads when a Twilio request does not verify, word for word, and which URL spellings
// count as the URL Twilio signed (the twilio library is the oracle for those).

type Pairs = Array<[string, string]>;
const clock = { now: () => 1_750_000_000_000 };
const FORM: [string, string] = ['Content-Type', 'application/x-www-form-urlencoded'];
const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];
const TOKEN = '0123456789abcdef0123456789abcdef';
const SECRET_HINT =
  "Check the secret: the account's Auth Token (Console → Account Info; the primary one, or the secondary while rotating), " +
  'or the SharedKey secret when the request has X-Twilio-Webhooks-Signature-Settings';

function check(url: string, headers: Pairs, body: string | Uint8Array, secret: string | undefined): Verdict {
  return verifyRequest('twilio', { method: 'POST', url, headers, body: Buffer.from(body) }, { secret, clock });
}

function signedForm(signedUrl: string, params: Record<string, string>, key = TOKEN): Pairs {
  return [FORM, ['X-Twilio-Signature', twilio.getExpectedTwilioSignature(key, signedUrl, params)]];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

describe('verify: Twilio reasons, word for word', () => {
  const url = 'https://example.com/sms';
  const params = { Body: 'hello', From: '+15550001111' };
  const form = new URLSearchParams(params).toString();

  const cases: Array<{ name: string; verdict: () => Verdict; code: string; message: string }> = [
    {
      name: 'an algorithm Twilio does not have',
      verdict: () =>
        check(
          url,
          [
            FORM,
            ['X-Twilio-Webhooks-Signature-Settings', 'algorithm=HMAC_SHA3'],
            ['X-Twilio-Signature', twilio.getExpectedTwilioSignature(TOKEN, url, params)],
          ],
          form,
          TOKEN,
        ),
      code: 'header-malformed',
      message:
        'X-Twilio-Webhooks-Signature-Settings names the algorithm "HMAC_SHA3"; only HMAC_SHA1 and HMAC_SHA256 are known.',
    },
    {
      name: 'a signature that is not base64',
      verdict: () => check(url, [FORM, ['X-Twilio-Signature', 'not base64!']], form, TOKEN),
      code: 'header-malformed',
      message: 'X-Twilio-Signature is "not base64!"; it should be the base64 of an HMAC-SHA1 digest.',
    },
    {
      name: 'a SHA-1 sized signature on a SharedKey (SHA-256) request',
      verdict: () =>
        check(
          url,
          [
            FORM,
            ['X-Twilio-Webhooks-Signature-Settings', 'algorithm=HMAC_SHA256'],
            ['X-Twilio-Signature', twilio.getExpectedTwilioSignature(TOKEN, url, params)],
          ],
          form,
          TOKEN,
        ),
      code: 'header-malformed',
      message: `X-Twilio-Signature is ${JSON.stringify(twilio.getExpectedTwilioSignature(TOKEN, url, params))}; it should be the base64 of an HMAC-SHA256 digest.`,
    },
    {
      name: 'a path instead of the full URL',
      verdict: () => check('/sms', signedForm(url, params), form, TOKEN),
      code: 'config-invalid',
      message:
        'Twilio signs the full URL it called, and the URL given is "/sms". Give the public URL configured in Twilio (for example https://example.ngrok.app/sms).',
    },
    {
      name: 'a form of more pairs than are checked',
      verdict: () => check(url, signedForm(url, params), `${'a=1&'.repeat(10_001)}`, TOKEN),
      code: 'body-mismatch',
      message:
        'There are too many form parameters to check (10001 pairs; PushPull checks at most 10000). ' +
        'Twilio never sends that many, and checking only some of them would leave the rest unsigned; ' +
        'parameters were probably added to a signed request.',
    },
    {
      name: 'a secret pasted with a newline',
      verdict: () => check(url, signedForm(url, params), form, `${TOKEN}\n`),
      code: 'secret-format',
      message:
        'The secret has spaces or a newline around it; without them the signature matches. Set the secret again without them.',
    },
    {
      name: 'the http URL given, Twilio called https',
      verdict: () => check('http://example.com/sms', signedForm(url, params), form, TOKEN),
      code: 'url-mismatch',
      message:
        'Twilio signed the URL with https instead of http (https://example.com/sms). Give exactly the URL configured in Twilio; ' +
        'behind a tunnel or proxy that is the public URL, not the local one.',
    },
    {
      name: 'the https URL given, Twilio called http',
      verdict: () => check(url, signedForm('http://example.com/sms', params), form, TOKEN),
      code: 'url-mismatch',
      message:
        'Twilio signed the URL with http instead of https (http://example.com/sms). Give exactly the URL configured in Twilio; ' +
        'behind a tunnel or proxy that is the public URL, not the local one.',
    },
    {
      name: 'a trailing slash given that Twilio did not call, before a query',
      verdict: () =>
        check('https://example.com/sms/?a=1', signedForm('https://example.com/sms?a=1', params), form, TOKEN),
      code: 'url-mismatch',
      message:
        'Twilio signed the URL without the trailing slash (https://example.com/sms?a=1). Give exactly the URL configured in Twilio; ' +
        'behind a tunnel or proxy that is the public URL, not the local one.',
    },
    {
      name: 'a trailing slash Twilio called, missing before a query',
      verdict: () =>
        check('https://example.com/sms?a=1', signedForm('https://example.com/sms/?a=1', params), form, TOKEN),
      code: 'url-mismatch',
      message:
        'Twilio signed the URL with a trailing slash (https://example.com/sms/?a=1). Give exactly the URL configured in Twilio; ' +
        'behind a tunnel or proxy that is the public URL, not the local one.',
    },
    {
      name: 'another URL, a form, and an Auth Token of the right shape',
      verdict: () => check('https://example.com/other', signedForm(url, params), form, TOKEN),
      code: 'signature-mismatch',
      message:
        'The signature does not match: the secret is wrong, or Twilio called a different URL than "https://example.com/other", or the form parameters were changed. ' +
        'Twilio signs the exact URL it called, with scheme, host, port, path and query; behind a tunnel or proxy give the public URL. ' +
        `${SECRET_HINT}.`,
    },
    {
      name: 'another URL, no form parameters, and a secret that is not an Auth Token',
      verdict: () =>
        check(
          'https://example.com/other',
          [['X-Twilio-Signature', twilio.getExpectedTwilioSignature('sk-secret', url, {})]],
          '',
          'api-key-secret',
        ),
      code: 'signature-mismatch',
      message:
        'The signature does not match: the secret is wrong, or Twilio called a different URL than "https://example.com/other". ' +
        'Twilio signs the exact URL it called, with scheme, host, port, path and query; behind a tunnel or proxy give the public URL. ' +
        `${SECRET_HINT} (Auth Tokens are 32 hex characters; API key secrets do not sign webhooks).`,
    },
    {
      name: 'a JSON body with no bodySHA256 in the URL',
      verdict: () =>
        check(
          url,
          [JSON_TYPE, ['X-Twilio-Signature', twilio.getExpectedTwilioSignature(TOKEN, url, {})]],
          '{"a":1}',
          TOKEN,
        ),
      code: 'body-mismatch',
      message:
        'The body is not covered by the signature: it is not a form (Content-Type "application/json") ' +
        'and the URL has no bodySHA256 parameter, so the signature matches the URL only and the body could be anything. ' +
        'Twilio signs form parameters, or a JSON body through a bodySHA256 parameter it adds to the URL: give the full URL ' +
        'Twilio called, query included, and check that nothing changed the Content-Type.',
    },
    {
      name: 'a body with no Content-Type and no bodySHA256 in the URL',
      verdict: () =>
        check(url, [['X-Twilio-Signature', twilio.getExpectedTwilioSignature(TOKEN, url, {})]], 'Body=hi', TOKEN),
      code: 'body-mismatch',
      message:
        'The body is not covered by the signature: it is not a form (no Content-Type) ' +
        'and the URL has no bodySHA256 parameter, so the signature matches the URL only and the body could be anything. ' +
        'Twilio signs form parameters, or a JSON body through a bodySHA256 parameter it adds to the URL: give the full URL ' +
        'Twilio called, query included, and check that nothing changed the Content-Type.',
    },
    {
      name: 'a bodySHA256 that is not a SHA-256',
      verdict: () => {
        const hashed = 'https://example.com/hook?bodySHA256=abc';
        return check(
          hashed,
          [JSON_TYPE, ['X-Twilio-Signature', twilio.getExpectedTwilioSignature(TOKEN, hashed, {})]],
          '{}',
          TOKEN,
        );
      },
      code: 'header-malformed',
      message: 'The URL\'s bodySHA256 is "abc", not 64 hex digits.',
    },
    {
      name: 'a JSON body re-serialised after Twilio hashed it',
      verdict: () => {
        const hashed = `https://example.com/hook?bodySHA256=${sha256('{"a":1,"b":[2]}')}`;
        return check(
          hashed,
          [JSON_TYPE, ['X-Twilio-Signature', twilio.getExpectedTwilioSignature(TOKEN, hashed, {})]],
          '{\n  "a": 1,\n  "b": [\n    2\n  ]\n}',
          TOKEN,
        );
      },
      code: 'body-mismatch',
      message:
        "The body differs from what was signed — it looks re-serialised: the URL's bodySHA256 matches this body re-serialised as compact JSON. " +
        'Something between Twilio and here rewrote the body; verify the raw bytes Twilio sent.',
    },
    {
      name: 'a JSON body changed after Twilio hashed it',
      verdict: () => {
        const hashed = `https://example.com/hook?bodySHA256=${sha256('{"a":1}')}`;
        return check(
          hashed,
          [JSON_TYPE, ['X-Twilio-Signature', twilio.getExpectedTwilioSignature(TOKEN, hashed, {})]],
          '{"a":2}',
          TOKEN,
        );
      },
      code: 'body-mismatch',
      message:
        "The URL's signature is valid but the body's SHA-256 is not the bodySHA256 in the URL: the body was changed after Twilio sent it.",
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const verdict = c.verdict();
      assert.equal(verdict.status, 'invalid');
      assert.equal(verdict.provider, 'twilio');
      assert.deepEqual(verdict.reason, { code: c.code, message: c.message });
    });
  }

  it('names the API key note only for secrets that are not 32 hex characters', () => {
    const note = ' (Auth Tokens are 32 hex characters; API key secrets do not sign webhooks).';
    const other = 'https://example.com/other';
    for (const [secret, hasNote] of [
      [TOKEN, false],
      [TOKEN.toUpperCase(), false],
      [`x${TOKEN}`, true],
      [`${TOKEN}x`, true],
      [TOKEN.slice(1), true],
      ['g'.repeat(32), true],
    ] as const) {
      const verdict = check(other, signedForm(url, params, 'signed-with-another'), form, secret);
      assert.equal(verdict.reason?.code, 'signature-mismatch', secret);
      assert.equal(verdict.reason?.message.endsWith(note), hasNote, secret);
    }
  });

  it('reads a signature with spaces around it', () => {
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, params);
    assert.equal(check(url, [FORM, ['X-Twilio-Signature', ` ${signature} `]], form, TOKEN).status, 'valid');
  });

  it('a signature header far too long to be one', () => {
    const verdict = check(url, [FORM, ['X-Twilio-Signature', 'A'.repeat(16 * 1024 + 4)]], form, TOKEN);
    assert.equal(verdict.provider, 'twilio');
    assert.deepEqual(verdict.reason, {
      code: 'header-malformed',
      message:
        'The X-Twilio-Signature header is 16388 characters long, far more than any signature; it was not parsed.',
    });
  });

  it('a valid verdict names Twilio', () => {
    assert.deepEqual(check(url, signedForm(url, params), form, TOKEN), { status: 'valid', provider: 'twilio' });
  });

  it('a form whose URL carries bodySHA256 is checked by the hash, its parameters not signed', () => {
    const hashed = `https://example.com/sms?bodySHA256=${sha256(form)}`;
    const signature = twilio.getExpectedTwilioSignature(TOKEN, hashed, {});
    assert.equal(twilio.validateRequestWithBody(TOKEN, signature, hashed, form), true);
    assert.equal(check(hashed, [FORM, ['X-Twilio-Signature', signature]], form, TOKEN).status, 'valid');
  });

  it('counts form pairs only in form bodies', () => {
    const json = JSON.stringify({ text: 'a=1&'.repeat(10_001) });
    const hashed = `https://example.com/hook?bodySHA256=${sha256(json)}`;
    const signature = twilio.getExpectedTwilioSignature(TOKEN, hashed, {});
    assert.equal(check(hashed, [JSON_TYPE, ['X-Twilio-Signature', signature]], json, TOKEN).status, 'valid');
  });

  it('takes a form Content-Type only at the start of the header', () => {
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, params);
    const type: [string, string] = ['Content-Type', 'text/plain; note=application/x-www-form-urlencoded'];
    assert.equal(check(url, [type, ['X-Twilio-Signature', signature]], form, TOKEN).reason?.code, 'signature-mismatch');
    const charset: [string, string] = ['Content-Type', 'Application/X-WWW-Form-Urlencoded; charset=utf-8'];
    assert.equal(check(url, [charset, ['X-Twilio-Signature', signature]], form, TOKEN).status, 'valid');
  });

  it('checks a URL that WHATWG cannot parse as it was given', () => {
    const odd = 'https://exa mple.com/sms';
    assert.equal(check(odd, signedForm(odd, params), form, TOKEN).status, 'valid');
    assert.equal(check(odd, signedForm(url, params), form, TOKEN).reason?.code, 'signature-mismatch');
  });

  it('wants a URL that starts with http:// or https:// and a host', () => {
    for (const given of ['see https://example.com/sms', 'https:///sms', 'ftp://example.com/sms']) {
      assert.equal(check(given, signedForm(url, params), form, TOKEN).reason?.code, 'config-invalid', given);
    }
  });
});

describe('verify: Twilio reads the signature settings header as the library does', () => {
  const url = 'https://example.com/voice';
  const params = { CallSid: 'CA1' };
  const form = new URLSearchParams(params).toString();
  const headers = (settings: string, algorithm: 'HMAC_SHA1' | 'HMAC_SHA256'): Pairs => [
    FORM,
    ['X-Twilio-Webhooks-Signature-Settings', settings],
    ['X-Twilio-Signature', twilio.getExpectedTwilioSignature('shared', url, params, algorithm)],
  ];

  for (const [settings, algorithm] of [
    ['algorithm=HMAC_SHA256', 'HMAC_SHA256'],
    ['key=webhooks_sharedkey_1, algorithm = hmac_sha256 ', 'HMAC_SHA256'],
    ['no-equals-sign,algorithm=HMAC_SHA256', 'HMAC_SHA256'],
    ['=HMAC_SHA256,algorithm=HMAC_SHA256', 'HMAC_SHA256'],
    ['algorithm=HMAC_SHA1', 'HMAC_SHA1'],
    ['algorithm=', 'HMAC_SHA1'],
    ['key=webhooks_sharedkey_1', 'HMAC_SHA1'],
    ['', 'HMAC_SHA1'],
  ] as const) {
    it(`${JSON.stringify(settings)} means ${algorithm}`, () => {
      assert.equal(check(url, headers(settings, algorithm), form, 'shared').status, 'valid');
      const other = algorithm === 'HMAC_SHA1' ? 'HMAC_SHA256' : 'HMAC_SHA1';
      assert.equal(check(url, headers(settings, other), form, 'shared').reason?.code, 'header-malformed');
    });
  }

  it('reads the first algorithm named and ignores anything after 1024 characters', () => {
    const first = 'algorithm=HMAC_SHA256,algorithm=HMAC_SHA1';
    assert.equal(check(url, headers(first, 'HMAC_SHA256'), form, 'shared').status, 'valid');
    const late = `key=${'k'.repeat(1030)},algorithm=HMAC_SHA256`;
    assert.equal(check(url, headers(late, 'HMAC_SHA1'), form, 'shared').status, 'valid');
  });
});

describe('verify: Twilio accepts the URL spellings the library accepts', () => {
  const params = { Body: 'hi' };
  const form = new URLSearchParams(params).toString();

  // [URL given to PushPull, URL Twilio signed]
  const pairs: Array<[string, string]> = [
    ['https://example.com/sms', 'https://example.com:443/sms'],
    ['https://example.com:443/sms', 'https://example.com/sms'],
    ['http://example.com/sms', 'http://example.com:80/sms'],
    ['http://example.com:80/sms', 'http://example.com/sms'],
    ['HTTPS://example.com/sms', 'HTTPS://example.com:443/sms'],
    ['https://example.com/sms', 'https://example.com:80/sms'],
    ['http://example.com/sms', 'http://example.com:443/sms'],
    ['https://example.com:8443/sms', 'https://example.com/sms'],
    ['https://user:pw@example.com/sms', 'https://user:pw@example.com:443/sms'],
    ['https://user:pw@example.com:443/sms', 'https://user:pw@example.com/sms'],
    ['https://user:pw@example.com/sms', 'https://example.com:443/sms'],
    ['https://[::1]/sms', 'https://[::1]:443/sms'],
    ['https://[::1]:8443/sms', 'https://[::1]/sms'],
    ['https://[::1]:8443/sms', 'https://[::1]:443/sms'],
    ['https://[::]/sms', 'https://[::]:443/sms'],
    ['https://example.com/sms?a=b+c', 'https://example.com/sms?a=b%20c'],
    ['https://example.com/sms?a=b+c', 'https://example.com:443/sms?a=b%20c'],
    ['https://example.com/sms?a=b%20c', 'https://example.com/sms?a=b+c'],
    ['https://example.com/sms?', 'https://example.com/sms?'],
    ['https://example.com/sms?', 'https://example.com/sms'],
    ['https://example.com/a b', 'https://example.com/a%20b'],
    ['https://example.com/a b', 'https://example.com:443/a%20b'],
    ['https://EXAMPLE.com/sms', 'https://example.com/sms'],
    ['https://example.com/sms', 'https://example.com/SMS'],
  ];

  for (const [given, signed] of pairs) {
    it(`${given} against a signature over ${signed}`, () => {
      const signature = twilio.getExpectedTwilioSignature(TOKEN, signed, params);
      const expected = twilio.validateRequest(TOKEN, signature, given, params);
      const verdict = check(given, [FORM, ['X-Twilio-Signature', signature]], form, TOKEN);
      assert.equal(verdict.status === 'valid', expected, JSON.stringify(verdict.reason));
    });
  }

  it('pins a few of those answers, so the oracle cannot drift unnoticed', () => {
    const valid = (given: string, signed: string): boolean =>
      check(
        given,
        [FORM, ['X-Twilio-Signature', twilio.getExpectedTwilioSignature(TOKEN, signed, params)]],
        form,
        TOKEN,
      ).status === 'valid';
    assert.equal(valid('https://example.com/sms', 'https://example.com:443/sms'), true);
    assert.equal(valid('https://example.com/sms', 'https://example.com:80/sms'), false);
    assert.equal(valid('https://[::1]/sms', 'https://[::1]:443/sms'), true);
    assert.equal(valid('https://user:pw@example.com/sms', 'https://user:pw@example.com:443/sms'), true);
    assert.equal(valid('https://example.com/sms?a=b+c', 'https://example.com/sms?a=b%20c'), true);
  });

  it('offers no trailing-slash mix-up for the bare host', () => {
    const verdict = check(
      'https://example.com/',
      [FORM, ['X-Twilio-Signature', twilio.getExpectedTwilioSignature(TOKEN, 'https://example.com', params)]],
      form,
      TOKEN,
    );
    assert.equal(verdict.reason?.code, 'signature-mismatch');
  });
});
