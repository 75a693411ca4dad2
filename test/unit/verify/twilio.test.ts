import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fc from 'fast-check';
import twilio from 'twilio';
import { silentLogger } from '../../../src/core/clock';
import { HookListener } from '../../../src/core/hooks/listener';
import { MemoryHookStore } from '../../../src/core/store/memoryHookStore';
import { requestFromHook, verifyRequest } from '../../../src/core/verify/registry';
import { SignError, signRequest } from '../../../src/core/verify/sign';
import type { Verdict } from '../../../src/core/model/verdict';
import { send } from '../helpers';

type Pairs = Array<[string, string]>;
const clock = { now: () => 1_750_000_000_000 };
const FORM: [string, string] = ['Content-Type', 'application/x-www-form-urlencoded'];
const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];

function check(url: string, headers: Pairs, body: string | Uint8Array, secret: string | undefined): Verdict {
  return verifyRequest('twilio', { method: 'POST', url, headers, body: Buffer.from(body) }, { secret, clock });
}

const tokenArb = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('hex'));
const textArb = fc.string({ unit: 'grapheme', maxLength: 20 });
const paramsArb = fc.dictionary(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), textArb, { maxKeys: 8 });
const urlArb = fc
  .record({
    scheme: fc.constantFrom('https', 'http'),
    host: fc.domain(),
    port: fc.constantFrom('', ':8443', ':443', ':80'),
    path: fc.webPath(),
    query: fc.option(fc.webQueryParameters(), { nil: undefined }),
  })
  .map(({ scheme, host, port, path, query }) => `${scheme}://${host}${port}${path || '/'}${query ? `?${query}` : ''}`);

describe('verify: Twilio', () => {
  it('agrees with validateRequest on form posts signed by getExpectedTwilioSignature', () => {
    fc.assert(
      fc.property(urlArb, paramsArb, tokenArb, textArb, (url, params, token, extra) => {
        const signature = twilio.getExpectedTwilioSignature(token, url, params);
        const body = new URLSearchParams(params).toString();
        const headers: Pairs = [FORM, ['X-Twilio-Signature', signature]];
        assert.equal(twilio.validateRequest(token, signature, url, params), true);
        assert.equal(check(url, headers, body, token).status, 'valid');
        // A changed parameter, or another token: neither validates.
        const changed = new URLSearchParams({ ...params, Changed: `${extra}!` }).toString();
        assert.equal(check(url, headers, changed, token).reason?.code, 'signature-mismatch');
        const otherToken = `${token.startsWith('a') ? 'b' : 'a'}${token.slice(1)}`;
        assert.equal(check(url, headers, body, otherToken).reason?.code, 'signature-mismatch');
        assert.equal(twilio.validateRequest(otherToken, signature, url, params), false);
      }),
      { numRuns: 60 },
    );
  });

  it('signs distinct values of a repeated parameter, sorted, as the library does', () => {
    const url = 'https://example.com/sms';
    const params = { Media: ['b', 'a', 'b'], Body: 'hi' };
    const signature = twilio.getExpectedTwilioSignature('12345', url, params);
    assert.equal(
      check(url, [FORM, ['X-Twilio-Signature', signature]], 'Media=b&Body=hi&Media=a&Media=b', '12345').status,
      'valid',
    );
  });

  it('verifies the bodySHA256 variant like validateRequestWithBody, and says when the body changed', () => {
    fc.assert(
      fc.property(fc.json(), tokenArb, (json, token) => {
        const hash = createHash('sha256').update(json).digest('hex');
        const url = `https://example.com/hook?a=1&bodySHA256=${hash}`;
        const signature = twilio.getExpectedTwilioSignature(token, url, {});
        assert.equal(twilio.validateRequestWithBody(token, signature, url, json), true);
        const headers: Pairs = [JSON_TYPE, ['X-Twilio-Signature', signature]];
        assert.equal(check(url, headers, json, token).status, 'valid');
        const changed = check(url, headers, `${json} `, token);
        assert.equal(changed.reason?.code, 'body-mismatch');
        assert.equal(twilio.validateRequestWithBody(token, signature, url, `${json} `), false);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a form of more than 10,000 pairs rather than checking only some of them', () => {
    const token = '12345678901234567890123456789012';
    const url = 'https://example.com/sms';
    const signature = twilio.getExpectedTwilioSignature(token, url, { From: '+1555', Body: 'hi', To: '+1666' });
    const headers: Pairs = [FORM, ['X-Twilio-Signature', signature]];
    // A captured form, 9,997 repeats of a signed pair (the signature counts a value once), then added pairs.
    const forged = `From=%2B1555&Body=hi&To=%2B1666&${'From=%2B1555&'.repeat(9997)}Body=transfer+all+money&Admin=true`;
    const all: Record<string, string[]> = {};
    for (const [name, value] of new URLSearchParams(forged)) (all[name] ??= []).push(value);
    assert.equal(twilio.validateRequest(token, signature, url, all), false);
    const verdict = check(url, headers, forged, token);
    assert.equal(verdict.status, 'invalid');
    assert.equal(verdict.reason?.code, 'body-mismatch');
    assert.match(verdict.reason?.message ?? '', /too many form parameters to check \(10002 pairs/);
    assert.match(verdict.reason?.message ?? '', /Twilio never sends that many/);

    // Up to 10,000 pairs every one is checked: signed, valid; one value changed at the end, not valid.
    const params: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++) params[`P${i}`] = String(i);
    const many = twilio.getExpectedTwilioSignature(token, url, params);
    const body = new URLSearchParams(params).toString();
    assert.equal(check(url, [FORM, ['X-Twilio-Signature', many]], `&&${body}&`, token).status, 'valid');
    const edited = body.replace(/P9999=9999$/, 'P9999=0');
    assert.notEqual(edited, body);
    assert.equal(check(url, [FORM, ['X-Twilio-Signature', many]], edited, token).reason?.code, 'signature-mismatch');
  });

  it('refuses a body the signature does not cover: not a form and no bodySHA256 in the URL', () => {
    const token = '12345678901234567890123456789012';
    // Scalar values: each adds its name and value to what validateRequest signs (an empty array would add nothing).
    const scalarArb = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean());
    const objectArb = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), scalarArb, { minKeys: 1, maxKeys: 5 });
    fc.assert(
      fc.property(urlArb, objectArb, (url, value) => {
        fc.pre(!url.includes('bodySHA256'));
        // A captured request with no form parameters: its signature covers the URL only.
        const signature = twilio.getExpectedTwilioSignature(token, url, {});
        const json = JSON.stringify(value);
        // The receiving app (express) hands the parsed JSON to validateRequest: not valid.
        assert.equal(twilio.validateRequest(token, signature, url, value), false);
        const verdict = check(url, [JSON_TYPE, ['X-Twilio-Signature', signature]], json, token);
        assert.equal(verdict.reason?.code, 'body-mismatch');
        assert.match(verdict.reason?.message ?? '', /not covered by the signature.*bodySHA256/);
        // An empty body needs no covering.
        assert.equal(check(url, [JSON_TYPE, ['X-Twilio-Signature', signature]], '', token).status, 'valid');
      }),
      { numRuns: 40 },
    );
    const url = 'https://example.com/sms';
    const signature = twilio.getExpectedTwilioSignature(token, url, {});
    for (const headers of [[['Content-Type', 'text/plain']], []] as Pairs[]) {
      const verdict = check(url, [...headers, ['X-Twilio-Signature', signature]], 'Body=anything', token);
      assert.equal(verdict.reason?.code, 'body-mismatch', JSON.stringify(headers));
    }
  });

  it('uses HMAC-SHA256 for SharedKey webhooks (X-Twilio-Webhooks-Signature-Settings)', () => {
    const url = 'https://example.com/voice';
    const params = { CallSid: 'CA1', From: '+15550001111' };
    const signature = twilio.getExpectedTwilioSignature('shared-key-secret', url, params, 'HMAC_SHA256');
    const headers: Pairs = [
      FORM,
      ['X-Twilio-Webhooks-Signature-Settings', 'key=webhooks_sharedkey_1,algorithm=HMAC_SHA256'],
      ['X-Twilio-Signature', signature],
    ];
    const body = new URLSearchParams(params).toString();
    assert.equal(check(url, headers, body, 'shared-key-secret').status, 'valid');
    assert.equal(
      check(url, headers.slice(0, 1).concat(headers.slice(2)), body, 'shared-key-secret').reason?.code,
      'header-malformed',
    );
    const unknown: Pairs = [
      FORM,
      ['X-Twilio-Webhooks-Signature-Settings', 'algorithm=HMAC_SHA3'],
      headers[2] as [string, string],
    ];
    assert.equal(check(url, unknown, body, 'shared-key-secret').reason?.code, 'header-malformed');
  });

  it('explains a URL mix-up (http for https, trailing slash) and a missing URL', () => {
    const params = { Body: 'hello' };
    const body = new URLSearchParams(params).toString();
    const signed = (url: string): Pairs => [
      FORM,
      ['X-Twilio-Signature', twilio.getExpectedTwilioSignature('tok', url, params)],
    ];
    const scheme = check('http://example.com/sms', signed('https://example.com/sms'), body, 'tok');
    assert.equal(scheme.reason?.code, 'url-mismatch');
    assert.match(scheme.reason?.message ?? '', /with https instead of http/);
    const slash = check('https://example.com/sms', signed('https://example.com/sms/'), body, 'tok');
    assert.equal(slash.reason?.code, 'url-mismatch');
    assert.equal(check('/sms', signed('https://example.com/sms'), body, 'tok').reason?.code, 'config-invalid');
    const other = check('https://example.com/other', signed('https://example.com/sms'), body, 'tok');
    assert.equal(other.reason?.code, 'signature-mismatch');
    assert.match(other.reason?.message ?? '', /Twilio called a different URL/);
  });

  it('re-signs form and JSON replays so the library validates them, updating bodySHA256', () => {
    const url = 'https://app.example/sms?x=1';
    const body = Buffer.from('Body=edited+before+replay&From=%2B15550001111');
    const form = signRequest('twilio', { secret: 'tok', body, clock, url, headers: [FORM] });
    assert.equal(form.url, undefined);
    const params = Object.fromEntries(new URLSearchParams(body.toString()));
    assert.equal(twilio.validateRequest('tok', form.headers[0]?.[1] ?? '', url, params), true);

    const original = `https://app.example/hook?bodySHA256=${createHash('sha256').update('{"a":1}').digest('hex')}`;
    const json = Buffer.from('{"a":2}');
    const signed = signRequest('twilio', { secret: 'tok', body: json, clock, url: original, headers: [JSON_TYPE] });
    assert.ok(signed.url?.includes(createHash('sha256').update(json).digest('hex')));
    assert.equal(
      twilio.validateRequestWithBody('tok', signed.headers[0]?.[1] ?? '', signed.url ?? '', json.toString()),
      true,
    );
    assert.throws(
      () => signRequest('twilio', { secret: 'tok', body, clock }),
      (e: unknown) => e instanceof SignError && e.code === 'SIGN_URL_REQUIRED',
    );
  });

  it('reports not signed, no secret and malformed signatures', () => {
    assert.equal(check('https://e.x/', [FORM], 'a=1', 'tok').status, 'not-signed');
    assert.equal(check('https://e.x/', [['X-Twilio-Signature', 'abc=']], 'a=1', undefined).status, 'no-secret');
    assert.equal(
      check('https://e.x/', [['X-Twilio-Signature', 'not base64!']], 'a=1', 'tok').reason?.code,
      'header-malformed',
    );
    const sig = twilio.getExpectedTwilioSignature('tok', 'https://e.x/', {});
    const hash = check(
      `https://e.x/?bodySHA256=xyz`,
      [['X-Twilio-Signature', twilio.getExpectedTwilioSignature('tok', 'https://e.x/?bodySHA256=xyz', {})]],
      '{}',
      'tok',
    );
    assert.equal(hash.reason?.code, 'header-malformed');
    assert.equal(check('https://e.x/', [['X-Twilio-Signature', sig]], '', ' tok ').reason?.code, 'secret-format');
  });

  it('end to end through the listener: the captured URL is http, Twilio signed the public https URL', async () => {
    const store = new MemoryHookStore();
    const listener = new HookListener(store, clock, silentLogger);
    try {
      const address = await listener.start({ host: '127.0.0.1', port: 0, maxBodyBytes: 1024 * 1024 });
      const params = { MessageSid: 'SM1', Body: 'Hello from a phone' };
      const publicUrl = `https://hooks.example.com/sms?route=1`;
      const signature = twilio.getExpectedTwilioSignature('auth-token', publicUrl, params);
      await send(`${address.url}/sms?route=1`, {
        headers: { Host: 'hooks.example.com', 'Content-Type': FORM[1], 'X-Twilio-Signature': signature },
        body: new URLSearchParams(params).toString(),
      });
      const [meta] = store.list();
      assert.ok(meta);
      const body = (await store.readBody(meta.id)) ?? new Uint8Array();
      const captured = verifyRequest('twilio', requestFromHook({ ...meta, body }), { secret: 'auth-token', clock });
      assert.equal(captured.reason?.code, 'url-mismatch');
      const given = verifyRequest('twilio', requestFromHook({ ...meta, body }, publicUrl), {
        secret: 'auth-token',
        clock,
      });
      assert.equal(given.status, 'valid');
    } finally {
      await listener.stop();
    }
  });
});
