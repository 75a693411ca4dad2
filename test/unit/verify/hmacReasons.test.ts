import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { verifyRequest } from '../../../src/core/verify/registry';
import type { HmacOptions } from '../../../src/core/verify/types';
import type { Verdict } from '../../../src/core/model/verdict';

// What the generic HMAC scheme tells a person about their settings and signatures, word for word.

const clock = { now: () => 1_750_000_000_000 };
const SECRET = 'shh-its-a-secret';
const BODY = '{"event":"order.paid","id":42}';

function check(
  options: HmacOptions | undefined,
  headers: Array<[string, string]>,
  body: string | Buffer = BODY,
): Verdict {
  return verifyRequest(
    'hmac',
    { method: 'POST', url: 'http://localhost/', headers, body: Buffer.from(body) },
    { secret: SECRET, clock, hmac: options },
  );
}

function digest(algorithm: string, encoding: 'hex' | 'base64', body: string | Buffer = BODY, key = SECRET): string {
  return createHmac(algorithm, key).update(body).digest(encoding);
}

describe('verify: generic HMAC reasons, word for word', () => {
  const settings = (options: unknown): Verdict => check(options as HmacOptions, [['X-Sig', 'abc']]);

  for (const [name, options, message] of [
    ['no settings', undefined, 'The generic HMAC scheme needs the name of the header that carries the signature.'],
    [
      'a header name that is not one',
      { header: 'X Sig' },
      'The generic HMAC scheme needs the name of the header that carries the signature.',
    ],
    [
      'an algorithm Node.js does not have',
      { header: 'X-Sig', algorithm: 'SHA999' },
      '"sha999" is not an HMAC algorithm this Node.js knows (try sha256, sha1 or sha512).',
    ],
    [
      'a hash HMAC cannot use',
      { header: 'X-Sig', algorithm: 'shake128' },
      '"shake128" is not an HMAC algorithm this Node.js knows (try sha256, sha1 or sha512).',
    ],
    ['an unknown encoding', { header: 'X-Sig', encoding: 'base32' }, 'The encoding must be hex or base64.'],
  ] as const) {
    it(`settings: ${name}`, () => {
      assert.deepEqual(settings(options), {
        status: 'invalid',
        provider: 'hmac',
        reason: { code: 'config-invalid', message },
      });
    });
  }

  it('takes the algorithm in any case', () => {
    assert.equal(check({ header: 'X-Sig', algorithm: 'SHA512' }, [['X-Sig', digest('sha512', 'hex')]]).status, 'valid');
  });

  it('a signature without the configured prefix', () => {
    assert.deepEqual(check({ header: 'X-Sig', prefix: 'sha256=' }, [['X-Sig', digest('sha256', 'hex')]]).reason, {
      code: 'header-malformed',
      message: `X-Sig is ${JSON.stringify(digest('sha256', 'hex').slice(0, 40) + '…')}; it should start with "sha256=". Check the prefix setting.`,
    });
  });

  it('a digest in the other encoding says which encoding to set', () => {
    const base64 = digest('sha256', 'base64');
    assert.deepEqual(check({ header: 'X-Sig' }, [['X-Sig', base64]]).reason, {
      code: 'header-malformed',
      message: `X-Sig is ${JSON.stringify(`${base64.slice(0, 40)}…`)}, which is not a hex digest after the prefix "". It looks like base64: set the encoding to base64.`,
    });
    // Six hex digits are no base64 (a digest's hex usually is, and is then tried as hex after the mismatch).
    assert.deepEqual(
      check({ header: 'X-Sig', encoding: 'base64', prefix: 'sha256=' }, [['X-Sig', 'sha256=0a1b2c']]).reason,
      {
        code: 'header-malformed',
        message:
          'X-Sig is "sha256=0a1b2c", which is not a base64 digest after the prefix "sha256=". It looks like hex: set the encoding to hex.',
      },
    );
  });

  it('a digest behind a prefix that is not configured suggests setting one', () => {
    for (const value of ['sha256=zz', 'v1:zz', 'V1,zz']) {
      assert.deepEqual(check({ header: 'X-Sig' }, [['X-Sig', value]]).reason, {
        code: 'header-malformed',
        message: `X-Sig is ${JSON.stringify(value)}, which is not a hex digest after the prefix "". Maybe it has a prefix to set.`,
      });
    }
    for (const value of ['=zz', 'zz', 'x-y=zz']) {
      assert.equal(
        check({ header: 'X-Sig' }, [['X-Sig', value]]).reason?.message,
        `X-Sig is ${JSON.stringify(value)}, which is not a hex digest after the prefix "".`,
        value,
      );
    }
  });

  it('another algorithm or encoding matching: says exactly which settings to change', () => {
    const cases: Array<[HmacOptions, string, string]> = [
      [
        { header: 'X-Sig' },
        digest('sha1', 'hex'),
        'The signature matches an HMAC-SHA1 in hex, not the HMAC-SHA256 in hex configured: set the algorithm to sha1.',
      ],
      [
        { header: 'X-Sig', algorithm: 'sha512', encoding: 'base64' },
        digest('sha512', 'hex'),
        'The signature matches an HMAC-SHA512 in hex, not the HMAC-SHA512 in base64 configured: set the encoding to hex.',
      ],
      [
        { header: 'X-Sig', algorithm: 'sha1', encoding: 'base64', prefix: 'v1=' },
        ` v1=${digest('sha256', 'hex')} `,
        'The signature matches an HMAC-SHA256 in hex, not the HMAC-SHA1 in base64 configured: set the algorithm to sha256 and the encoding to hex.',
      ],
    ];
    for (const [options, value, message] of cases) {
      assert.deepEqual(check(options, [['X-Sig', value]]).reason, { code: 'config-mismatch', message });
    }
  });

  it('looks for a settings mix-up on bodies up to 1 MiB, not beyond', () => {
    const options = { header: 'X-Sig' };
    const mib = Buffer.alloc(1024 * 1024, 'a');
    assert.equal(check(options, [['X-Sig', digest('sha1', 'hex', mib)]], mib).reason?.code, 'config-mismatch');
    const more = Buffer.alloc(1024 * 1024 + 1, 'a');
    assert.equal(check(options, [['X-Sig', digest('sha1', 'hex', more)]], more).reason?.code, 'signature-mismatch');
  });

  it('a signature with spaces around it verifies', () => {
    const options = { header: 'X-Sig', prefix: 'sha256=' };
    assert.equal(check(options, [['X-Sig', `  sha256=${digest('sha256', 'hex')} `]]).status, 'valid');
  });

  it('a body rewritten after signing, a secret pasted with spaces, a wrong secret', () => {
    const options = { header: 'X-Sig' };
    assert.deepEqual(check(options, [['X-Sig', digest('sha256', 'hex', `${BODY}\n`)]]).reason, {
      code: 'body-mismatch',
      message:
        'The body differs from what was signed — it looks re-serialised: the signature matches this body with a trailing newline added. ' +
        'Something between the sender and here (a relay, proxy or framework) rewrote the body; verify the raw bytes the sender sent.',
    });
    const spaced = verifyRequest(
      'hmac',
      {
        method: 'POST',
        url: 'http://localhost/',
        headers: [['X-Sig', digest('sha256', 'hex')]],
        body: Buffer.from(BODY),
      },
      { secret: ` ${SECRET}\n`, clock, hmac: options },
    );
    assert.equal(spaced.reason?.code, 'secret-format');
    assert.deepEqual(check(options, [['X-Sig', digest('sha256', 'hex', BODY, 'another')]]).reason, {
      code: 'signature-mismatch',
      message:
        'The signature does not match: the secret is wrong, or the body was modified after it was signed ' +
        "(no re-serialised form of it matches either). Check the secret: the signing secret in the sender's webhook settings, and the algorithm, encoding and prefix.",
    });
  });

  it('every verdict names the generic HMAC scheme', () => {
    const options = { header: 'X-Sig', prefix: 'sha256=' };
    assert.deepEqual(check(options, [['X-Sig', `sha256=${digest('sha256', 'hex')}`]]), {
      status: 'valid',
      provider: 'hmac',
    });
    for (const value of [
      digest('sha256', 'hex'),
      `sha256=${digest('sha256', 'hex', BODY, 'another')}`,
      `sha256=${digest('sha1', 'hex')}`,
      `sha256=${'a'.repeat(16 * 1024)}`,
    ]) {
      assert.equal(check(options, [['X-Sig', value]]).provider, 'hmac', value);
    }
  });

  it('a signature header far too long to be one', () => {
    assert.deepEqual(check({ header: 'X-Sig' }, [['X-Sig', 'a'.repeat(16 * 1024 + 2)]]).reason, {
      code: 'header-malformed',
      message: 'The X-Sig header is 16386 characters long, far more than any signature; it was not parsed.',
    });
  });

  it('the signature header sent twice with different values', () => {
    const verdict = check({ header: 'X-Sig' }, [
      ['X-Sig', digest('sha256', 'hex')],
      ['x-sig', digest('sha256', 'hex', 'other')],
    ]);
    assert.equal(verdict.provider, 'hmac');
    assert.equal(verdict.reason?.code, 'header-malformed');
  });
});
