import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { verifyRequest } from '../../../src/core/verify/registry';
import type { ProviderName, Verdict } from '../../../src/core/model/verdict';

// What a person reads when a GitHub, GitLab or Shopify request does not verify, word for word.

const clock = { now: () => 1_750_000_000_000 };
const SECRET = 'a-webhook-secret';
const BODY = '{"action":"opened","number":1}';

function check(provider: ProviderName, headers: Array<[string, string]>, secret = SECRET): Verdict {
  return verifyRequest(
    provider,
    { method: 'POST', url: 'http://localhost/', headers, body: Buffer.from(BODY) },
    { secret, clock },
  );
}

const digest = (algorithm: string, encoding: 'hex' | 'base64', key = SECRET): string =>
  createHmac(algorithm, key).update(BODY).digest(encoding);

const mismatch = (hint: string): string =>
  'The signature does not match: the secret is wrong, or the body was modified after it was signed ' +
  `(no re-serialised form of it matches either). Check the secret: ${hint}.`;

const TRIMMED =
  'The secret has spaces or a newline around it; without them the signature matches. Set the secret again without them.';

describe('verify: GitHub reasons, word for word', () => {
  const sha256 = digest('sha256', 'hex');
  const sha1 = digest('sha1', 'hex');

  it('valid, and a note when only the legacy sha1 header was there', () => {
    assert.deepEqual(check('github', [['X-Hub-Signature-256', `sha256=${sha256}`]]), {
      status: 'valid',
      provider: 'github',
    });
    assert.deepEqual(check('github', [['X-Hub-Signature', `sha1=${sha1}`]]), {
      status: 'valid',
      provider: 'github',
      note: "Only GitHub's legacy X-Hub-Signature (HMAC-SHA1) was present and it matches; GitHub recommends checking X-Hub-Signature-256.",
    });
  });

  it('signatures that cannot be used', () => {
    const cases: Array<[Array<[string, string]>, string]> = [
      [
        [['X-Hub-Signature-256', sha256]],
        `X-Hub-Signature-256 is "${sha256.slice(0, 40)}…"; it should be "sha256=" followed by 64 hex digits. It looks like a bare digest: add "sha256=".`,
      ],
      [
        [['X-Hub-Signature', sha1]],
        `X-Hub-Signature is "${sha1}"; it should be "sha1=" followed by 40 hex digits. It looks like a bare digest: add "sha1=".`,
      ],
      [
        [['X-Hub-Signature-256', sha1]],
        `X-Hub-Signature-256 is "${sha1}"; it should be "sha256=" followed by 64 hex digits.`,
      ],
      [
        [['X-Hub-Signature-256', `sha256=${sha1}`]],
        `X-Hub-Signature-256 is "sha256=${sha1.slice(0, 33)}…"; after "sha256=" it should have 64 hex digits.`,
      ],
      [
        [['X-Hub-Signature-256', 'sha256=xyz']],
        'X-Hub-Signature-256 is "sha256=xyz"; after "sha256=" it should have 64 hex digits.',
      ],
    ];
    for (const [headers, message] of cases) {
      assert.deepEqual(check('github', headers), {
        status: 'invalid',
        provider: 'github',
        reason: { code: 'header-malformed', message },
      });
    }
  });

  it('a signature with spaces around it, a secret with spaces around it, a wrong secret', () => {
    assert.equal(check('github', [['X-Hub-Signature-256', ` sha256=${sha256} `]]).status, 'valid');
    assert.deepEqual(check('github', [['X-Hub-Signature-256', `sha256=${sha256}`]], `${SECRET}\n`).reason, {
      code: 'secret-format',
      message: TRIMMED,
    });
    assert.deepEqual(check('github', [['X-Hub-Signature-256', `sha256=${digest('sha256', 'hex', 'x')}`]]), {
      status: 'invalid',
      provider: 'github',
      reason: {
        code: 'signature-mismatch',
        message: mismatch(
          "the Secret field of the webhook in the repository's, organisation's or GitHub App's settings",
        ),
      },
    });
  });
});

describe('verify: GitLab reasons, word for word', () => {
  it('valid, a token with spaces around it, a wrong token', () => {
    assert.deepEqual(check('gitlab', [['X-Gitlab-Token', SECRET]]), { status: 'valid', provider: 'gitlab' });
    assert.deepEqual(check('gitlab', [['X-Gitlab-Token', SECRET]], ` ${SECRET}\n`), {
      status: 'invalid',
      provider: 'gitlab',
      reason: {
        code: 'secret-format',
        message:
          'The secret has spaces or a newline around it; without them it equals the X-Gitlab-Token. Set the secret again without them.',
      },
    });
    assert.deepEqual(check('gitlab', [['X-Gitlab-Token', 'short']]), {
      status: 'invalid',
      provider: 'gitlab',
      reason: {
        code: 'wrong-secret',
        message:
          `The X-Gitlab-Token (5 characters) is not the secret given (${SECRET.length} characters). ` +
          "GitLab sends the webhook's Secret token as is, so the secret is wrong: set it to the Secret token of the webhook " +
          '(project or group → Settings → Webhooks); GitLab never shows it again, so you may need to set a new one on both sides.',
      },
    });
  });

  it('a token far too long to be one, and one sent twice', () => {
    assert.deepEqual(check('gitlab', [['X-Gitlab-Token', 't'.repeat(16 * 1024 + 1)]]), {
      status: 'invalid',
      provider: 'gitlab',
      reason: {
        code: 'header-malformed',
        message: 'The X-Gitlab-Token header is 16385 characters long, far more than any signature; it was not parsed.',
      },
    });
    const twice = check('gitlab', [
      ['X-Gitlab-Token', SECRET],
      ['X-Gitlab-Token', 'other'],
    ]);
    assert.equal(twice.provider, 'gitlab');
    assert.equal(twice.reason?.code, 'header-malformed');
  });
});

describe('verify: Shopify reasons, word for word', () => {
  const base64 = digest('sha256', 'base64');
  const hex = digest('sha256', 'hex');

  it('valid, with spaces around the signature too', () => {
    assert.deepEqual(check('shopify', [['X-Shopify-Hmac-Sha256', base64]]), { status: 'valid', provider: 'shopify' });
    assert.equal(check('shopify', [['X-Shopify-Hmac-Sha256', ` ${base64} `]]).status, 'valid');
  });

  it('signatures that cannot be used', () => {
    const cases: Array<[string, string]> = [
      [
        hex,
        `X-Shopify-Hmac-Sha256 is "${hex.slice(0, 40)}…"; it should be 44 characters of base64 (a SHA-256 digest). It looks like hex; Shopify sends base64.`,
      ],
      [
        digest('sha1', 'hex'),
        `X-Shopify-Hmac-Sha256 is "${digest('sha1', 'hex')}"; it should be 44 characters of base64 (a SHA-256 digest).`,
      ],
      ['not base64', 'X-Shopify-Hmac-Sha256 is "not base64"; it should be 44 characters of base64 (a SHA-256 digest).'],
      [
        'A'.repeat(16 * 1024 + 4),
        'The X-Shopify-Hmac-Sha256 header is 16388 characters long, far more than any signature; it was not parsed.',
      ],
    ];
    for (const [value, message] of cases) {
      assert.deepEqual(check('shopify', [['X-Shopify-Hmac-Sha256', value]]), {
        status: 'invalid',
        provider: 'shopify',
        reason: { code: 'header-malformed', message },
      });
    }
  });

  it('a secret with spaces around it, a wrong secret, a header sent twice', () => {
    assert.deepEqual(check('shopify', [['X-Shopify-Hmac-Sha256', base64]], ` ${SECRET}`).reason, {
      code: 'secret-format',
      message: TRIMMED,
    });
    assert.deepEqual(check('shopify', [['X-Shopify-Hmac-Sha256', digest('sha256', 'base64', 'x')]]), {
      status: 'invalid',
      provider: 'shopify',
      reason: {
        code: 'signature-mismatch',
        message: mismatch(
          "the app's client secret (API secret key) in the Partner Dashboard or the store's app settings; for webhooks made in the store admin, the key shown under Settings → Notifications → Webhooks",
        ),
      },
    });
    const twice = check('shopify', [
      ['X-Shopify-Hmac-Sha256', base64],
      ['X-Shopify-Hmac-Sha256', digest('sha256', 'base64', 'x')],
    ]);
    assert.equal(twice.provider, 'shopify');
    assert.equal(twice.reason?.code, 'header-malformed');
  });
});
