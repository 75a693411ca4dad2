import * as assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign as edSign } from 'node:crypto';
import { verifyRequest } from '../../../src/core/verify/registry';
import type { Verdict } from '../../../src/core/model/verdict';

// What a person reads when a Standard Webhooks (Svix) request does not verify, word for word, and which
// header names and signature entries are read.

type Pairs = Array<[string, string]>;
const NOW = 1_750_000_000;
const clock = { now: () => NOW * 1000 };
const BODY = '{"type":"invoice.paid","id":7}';
const KEY = Buffer.from('a Standard Webhooks key, 32 bytes');
const SECRET = `whsec_${KEY.toString('base64')}`;

function check(headers: Pairs, secret: string | undefined, body: string = BODY): Verdict {
  return verifyRequest(
    'standard-webhooks',
    { method: 'POST', url: 'http://localhost/', headers, body: Buffer.from(body) },
    { secret, clock },
  );
}

function v1(key: Uint8Array | string, id = 'msg_1', ts = NOW, body = BODY): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest('base64')}`;
}

const headers = (signature: string, id = 'msg_1', ts = String(NOW), style = 'webhook'): Pairs => [
  [`${style}-id`, id],
  [`${style}-timestamp`, ts],
  [`${style}-signature`, signature],
];

function reason(verdict: Verdict): { code: string; message: string } | undefined {
  assert.equal(verdict.provider, 'standard-webhooks');
  return verdict.reason;
}

describe('verify: Standard Webhooks reasons, word for word', () => {
  it('an id or timestamp header missing or empty', () => {
    const signature = v1(KEY);
    const cases: Array<[Pairs, string]> = [
      [
        [
          ['webhook-timestamp', String(NOW)],
          ['webhook-signature', signature],
        ],
        'The request has webhook-signature but no webhook-id, which is part of what is signed. Something between the sender and here dropped it; forward all headers.',
      ],
      [
        headers(signature, ''),
        'The request has webhook-signature but no webhook-id, which is part of what is signed. Something between the sender and here dropped it; forward all headers.',
      ],
      [
        [
          ['svix-id', 'msg_1'],
          ['svix-signature', signature],
        ],
        'The request has svix-signature but no svix-timestamp, which is part of what is signed. Something between the sender and here dropped it; forward all headers.',
      ],
      [
        headers(signature, 'msg_1', ''),
        'The request has webhook-signature but no webhook-timestamp, which is part of what is signed. Something between the sender and here dropped it; forward all headers.',
      ],
    ];
    for (const [pairs, message] of cases) {
      assert.deepEqual(reason(check(pairs, SECRET)), { code: 'header-missing', message });
    }
  });

  it('a header sent twice with different values', () => {
    const pairs: Pairs = [...headers(v1(KEY)), ['webhook-id', 'msg_2']];
    assert.equal(reason(check(pairs, SECRET))?.code, 'header-malformed');
  });

  it('an id far too long to be one', () => {
    const id = 'i'.repeat(16 * 1024 + 1);
    assert.deepEqual(reason(check(headers(v1(KEY, id), id), SECRET)), {
      code: 'header-malformed',
      message: 'The webhook-id header is 16385 characters long, far more than any signature; it was not parsed.',
    });
  });

  it('a signature header with no usable entry', () => {
    const b64 = (n: number): string => Buffer.alloc(n, 7).toString('base64');
    for (const value of [
      'garbage',
      `v1a,${b64(32)}`,
      `v2,${b64(32)}`,
      `v1,${b64(64)}`,
      `v1,${b64(16)}`,
      'v1,@@@@',
      'v1a,@@@@',
    ]) {
      assert.deepEqual(reason(check(headers(value), SECRET)), {
        code: 'header-malformed',
        message: `webhook-signature is ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}; it should hold "v1,<base64>" (or "v1a,<base64>") entries separated by spaces.`,
      });
    }
  });

  it('more signatures than are checked', () => {
    const value = Array.from({ length: 9 }, () => v1(KEY)).join(' ');
    assert.deepEqual(reason(check(headers(value), SECRET)), {
      code: 'header-malformed',
      message:
        'webhook-signature holds 9 signatures; a sender sends one per signing key (two or three while rotating keys). ' +
        'PushPull checks at most 8 and refuses more, so none was checked.',
    });
  });

  it('a secret that is not in the Standard Webhooks form', () => {
    assert.deepEqual(reason(check(headers(v1(KEY)), 'not base64!')), {
      code: 'secret-format',
      message:
        'The secret is not in the Standard Webhooks form: after the optional "whsec_" prefix it must be base64 ' +
        '(like "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), and it is not. Copy the whole signing secret from the sender.',
    });
    assert.equal(reason(check(headers(v1(KEY)), 'whsec_'))?.code, 'secret-format');
  });

  it('a sender keying its HMAC with the secret as text, whole or after "whsec_"', () => {
    const stripe =
      'The sender keys its HMAC with the whole secret as text (Stripe style), not with the base64-decoded part after "whsec_" as Standard Webhooks does. If it is Stripe, choose the stripe provider; otherwise use the generic hmac provider.';
    const asIs =
      'The sender keys its HMAC with the text after "whsec_" as is, not base64-decoded as Standard Webhooks does; the sender does not follow the standard.';
    const cases: Array<[string, string, string]> = [
      // A secret that is not base64 after the prefix.
      ['whsec_not-base64!', 'whsec_not-base64!', stripe],
      ['whsec_not-base64!', 'not-base64!', asIs],
      // A secret that is.
      [SECRET, SECRET, stripe],
      [SECRET, KEY.toString('base64'), asIs],
    ];
    for (const [secret, keyText, message] of cases) {
      assert.deepEqual(reason(check(headers(v1(keyText)), secret)), { code: 'secret-format', message }, keyText);
    }
  });

  it('a secret pasted with a newline, whether or not it reads as a key with it', () => {
    const trimmed = {
      code: 'secret-format',
      message:
        'The secret has spaces or a newline around it; without them the signature matches. Set the secret again without them.',
    };
    assert.deepEqual(reason(check(headers(v1(KEY)), ` ${SECRET}\n`)), trimmed);
  });

  it('the kind of key and the kind of signature do not go together', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
    const v1a = `v1a,${edSign(null, Buffer.from(`msg_1.${NOW}.${BODY}`), privateKey).toString('base64')}`;
    assert.deepEqual(reason(check(headers(v1a), SECRET)), {
      code: 'secret-format',
      message:
        'The request is signed with ed25519 ("v1a,…" entries only), which needs the sender\'s public key ("whpk_…"), not a "whsec_" secret.',
    });
    assert.deepEqual(reason(check(headers(v1(KEY)), `whpk_${pub.toString('base64')}`)), {
      code: 'secret-format',
      message:
        'The request is signed with HMAC ("v1,…" entries only), which needs the endpoint\'s "whsec_…" secret, not an ed25519 key.',
    });
    assert.equal(check(headers(v1a), `whpk_${pub.toString('base64')}`).status, 'valid');
  });

  it('ed25519 keys that are not base64', () => {
    assert.deepEqual(reason(check(headers(v1(KEY)), 'whpk_not base64')), {
      code: 'secret-format',
      message: 'The "whpk_" public key should be 32 bytes in base64 after the prefix.',
    });
    assert.deepEqual(reason(check(headers(v1(KEY)), 'whsk_not base64')), {
      code: 'secret-format',
      message: 'The "whsk_" secret key should be 32 or 64 bytes in base64 after the prefix.',
    });
  });

  it('a wrong secret pasted with spaces is not taken for a pasting mistake', () => {
    const other = `whsec_${Buffer.from('another key entirely').toString('base64')}`;
    assert.deepEqual(reason(check(headers(v1(KEY)), ` ${other}\n`)), {
      code: 'secret-format',
      message:
        'The secret is not in the Standard Webhooks form: after the optional "whsec_" prefix it must be base64 ' +
        '(like "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), and it is not. Copy the whole signing secret from the sender.',
    });
  });

  it('every verdict names Standard Webhooks, and a stale one says so by that name', () => {
    assert.deepEqual(check(headers(v1(KEY)), SECRET), { status: 'valid', provider: 'standard-webhooks' });
    assert.equal(check(headers(v1(KEY), 'msg_1', 'soon'), SECRET).provider, 'standard-webhooks');
    const old = NOW - 3 * 3600;
    assert.deepEqual(reason(check(headers(v1(KEY, 'msg_1', old), 'msg_1', String(old)), SECRET)), {
      code: 'timestamp-too-old',
      message:
        "The signature's timestamp is about 3 hours old; Standard Webhooks (Svix) accepts at most 300 s. " +
        "This is a late delivery or a replay of an old request: re-sign it with a fresh timestamp (PushPull's replay does), or check this machine's clock.",
      skewSeconds: 3 * 3600,
    });
  });

  it('ed25519 keys of the wrong length', () => {
    assert.deepEqual(reason(check(headers(v1(KEY)), `whpk_${Buffer.alloc(31, 1).toString('base64')}`)), {
      code: 'secret-format',
      message: 'The "whpk_" public key should be 32 bytes in base64 after the prefix.',
    });
    for (const length of [31, 33, 63]) {
      assert.deepEqual(reason(check(headers(v1(KEY)), `whsk_${Buffer.alloc(length, 1).toString('base64')}`)), {
        code: 'secret-format',
        message: 'The "whsk_" secret key should be 32 or 64 bytes in base64 after the prefix.',
      });
    }
  });

  it('a wrong secret', () => {
    const other = `whsec_${Buffer.from('another key entirely').toString('base64')}`;
    assert.deepEqual(reason(check(headers(v1(KEY)), other)), {
      code: 'signature-mismatch',
      message:
        'The signature does not match: the secret is wrong, or the body was modified after it was signed ' +
        "(no re-serialised form of it matches either). Check the secret: the endpoint's signing secret (whsec_…) in the sender's dashboard " +
        "(Svix: the endpoint's Signing Secret), or for v1a the sender's public key (whpk_…).",
    });
  });
});

describe('verify: Standard Webhooks header names', () => {
  it('reads the id and timestamp under the other style when only that one is there', () => {
    const signature = v1(KEY);
    const mixed: Array<[string, Pairs]> = [
      [
        'webhook-signature with svix-id and svix-timestamp',
        [
          ['svix-id', 'msg_1'],
          ['svix-timestamp', String(NOW)],
          ['webhook-signature', signature],
        ],
      ],
      [
        'svix-signature with webhook-id and webhook-timestamp',
        [
          ['webhook-id', 'msg_1'],
          ['webhook-timestamp', String(NOW)],
          ['svix-signature', signature],
        ],
      ],
    ];
    for (const [name, pairs] of mixed) assert.equal(check(pairs, SECRET).status, 'valid', name);
  });

  it('prefers the style of the signature header when both are there', () => {
    const pairs: Pairs = [
      ['webhook-id', 'msg_other'],
      ['svix-id', 'msg_1'],
      ['svix-timestamp', String(NOW)],
      ['webhook-timestamp', String(NOW - 1)],
      ['svix-signature', v1(KEY)],
    ];
    assert.equal(check(pairs, SECRET).status, 'valid');
  });

  it('reads any valid entry among spaces and unknown versions', () => {
    const value = `v0,abc  v1,${Buffer.alloc(16).toString('base64')} nocomma ${v1(KEY)}`;
    assert.equal(check(headers(value), SECRET).status, 'valid');
  });

  it('takes a 64-byte whsk_ secret key (seed and public key) to check v1a signatures', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
    const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
    const v1a = `v1a,${edSign(null, Buffer.from(`msg_1.${NOW}.${BODY}`), privateKey).toString('base64')}`;
    assert.equal(check(headers(v1a), `whsk_${Buffer.concat([seed, pub]).toString('base64')}`).status, 'valid');
    assert.equal(check(headers(v1a), `whsk_${seed.toString('base64')}`).status, 'valid');
  });
});
