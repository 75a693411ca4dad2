import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { verifyRequest } from '../../../src/core/verify/registry';
import { SignError, type SignInput, signRequest } from '../../../src/core/verify/sign';
import type { ProviderName } from '../../../src/core/model/verdict';

// Re-signing a replay: what a person is told when it cannot be done, and the Standard Webhooks header
// names and message id a replay carries.

const clock = { now: () => 1_750_000_000_000 };
const BODY = Buffer.from('{"replayed":true}');
const SW_SECRET = `whsec_${Buffer.from('replay key').toString('base64')}`;

function refusal(provider: ProviderName, input: Partial<SignInput>): { code: string; message: string } {
  try {
    signRequest(provider, { secret: 'secret', body: BODY, clock, ...input });
  } catch (e) {
    assert.ok(e instanceof SignError, String(e));
    return { code: e.code, message: e.message };
  }
  assert.fail('signed');
}

describe('verify: re-signing a replay', () => {
  it('says why a replay cannot be re-signed, word for word', () => {
    const cases: Array<[ProviderName, Partial<SignInput>, string, string]> = [
      ['github', { secret: '' }, 'SIGN_NO_SECRET', 'A signing secret is needed to re-sign the request.'],
      [
        'standard-webhooks',
        { secret: 'not base64!' },
        'SIGN_SECRET_FORMAT',
        'The secret is not in the Standard Webhooks form: after the optional "whsec_" prefix it must be base64 ' +
          '(like "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), and it is not. Copy the whole signing secret from the sender.',
      ],
      [
        'standard-webhooks',
        { secret: `whpk_${Buffer.alloc(32, 9).toString('base64')}` },
        'SIGN_SECRET_FORMAT',
        'A public key ("whpk_…") can check ed25519 signatures but not make them; re-signing needs the secret key ("whsk_…").',
      ],
      [
        'twilio',
        {},
        'SIGN_URL_REQUIRED',
        'Twilio signs the full URL it calls: give the URL the replay will call (as the receiving app sees it).',
      ],
      [
        'twilio',
        { url: 'replay to https://example.com/sms' },
        'SIGN_URL_REQUIRED',
        'Twilio signs the full URL it calls: give the URL the replay will call (as the receiving app sees it).',
      ],
      [
        'twilio',
        { url: 'https://example.com/sms', headers: [['X-Twilio-Webhooks-Signature-Settings', 'algorithm=HMAC_MD5']] },
        'SIGN_CONFIG_INVALID',
        'Unknown Twilio signature algorithm HMAC_MD5.',
      ],
      [
        'hmac',
        { hmac: { header: 'X-Sig', algorithm: 'sha999' } },
        'SIGN_CONFIG_INVALID',
        '"sha999" is not an HMAC algorithm this Node.js knows (try sha256, sha1 or sha512).',
      ],
    ];
    for (const [provider, input, code, message] of cases) {
      assert.deepEqual(refusal(provider, input), { code, message }, `${provider} ${JSON.stringify(input)}`);
    }
  });

  it('keeps the Standard Webhooks header names of the original request', () => {
    const names = (headers: Array<[string, string]>): string[] =>
      signRequest('standard-webhooks', {
        secret: SW_SECRET,
        body: BODY,
        clock,
        headers,
        messageId: 'msg_1',
      }).headers.map(([name]) => name);
    assert.deepEqual(names([]), ['webhook-id', 'webhook-timestamp', 'webhook-signature']);
    assert.deepEqual(names([['svix-signature', 'v1,old']]), ['svix-id', 'svix-timestamp', 'svix-signature']);
    assert.deepEqual(names([['webhook-signature', 'v1,old']]), [
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
    ]);
    assert.deepEqual(
      names([
        ['svix-signature', 'v1,old'],
        ['webhook-signature', 'v1,old'],
      ]),
      ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'svix-id', 'svix-timestamp', 'svix-signature'],
    );
  });

  it('gives a Standard Webhooks replay a fresh message id that verifies, unless one is given', () => {
    const first = signRequest('standard-webhooks', { secret: SW_SECRET, body: BODY, clock });
    const second = signRequest('standard-webhooks', { secret: SW_SECRET, body: BODY, clock });
    const id = (headers: typeof first.headers): string | undefined => headers.find(([n]) => n === 'webhook-id')?.[1];
    assert.match(id(first.headers) ?? '', /^msg_[0-9a-f]{32}$/);
    assert.notEqual(id(first.headers), id(second.headers));
    const verdict = verifyRequest(
      'standard-webhooks',
      { method: 'POST', url: 'http://localhost/', headers: first.headers, body: BODY },
      { secret: SW_SECRET, clock },
    );
    assert.equal(verdict.status, 'valid');
    const given = signRequest('standard-webhooks', { secret: SW_SECRET, body: BODY, clock, messageId: 'msg_kept' });
    assert.equal(id(given.headers), 'msg_kept');
  });

  it('signs a Standard Webhooks replay with an ed25519 secret key as v1a', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
    const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
    const signed = signRequest('standard-webhooks', { secret: `whsk_${seed.toString('base64')}`, body: BODY, clock });
    const signature = signed.headers.find(([n]) => n === 'webhook-signature')?.[1] ?? '';
    assert.match(signature, /^v1a,/);
    const verdict = verifyRequest(
      'standard-webhooks',
      { method: 'POST', url: 'http://localhost/', headers: signed.headers, body: BODY },
      { secret: `whpk_${pub.toString('base64')}`, clock },
    );
    assert.equal(verdict.status, 'valid');
  });
});
