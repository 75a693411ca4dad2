import * as assert from 'node:assert/strict';
import { ACCEPTED_PROVIDER_NAMES, PROVIDER_NAMES, verifyRequest } from '../../../src/core/verify/registry';
import type { VerifyRequest } from '../../../src/core/verify/types';

// The provider names a person may type (settings, CLI), and a check that fails inside PushPull.

describe('verify: registry', () => {
  it('accepts every provider name and the svix alias', () => {
    assert.deepEqual(
      [...ACCEPTED_PROVIDER_NAMES],
      ['github', 'stripe', 'slack', 'shopify', 'standard-webhooks', 'gitlab', 'twilio', 'hmac', 'svix'],
    );
    assert.deepEqual([...PROVIDER_NAMES], ACCEPTED_PROVIDER_NAMES.slice(0, -1));
  });

  it('a body that cannot be read gives an invalid verdict that says why, not an exception', () => {
    const request: VerifyRequest = {
      method: 'POST',
      url: 'http://localhost/',
      headers: [['X-Hub-Signature-256', `sha256=${'a'.repeat(64)}`]],
      get body(): Uint8Array {
        throw new Error('the hook body file is gone');
      },
    };
    const clock = { now: () => 1_750_000_000_000 };
    assert.deepEqual(verifyRequest('github', request, { secret: 'secret', clock }), {
      status: 'invalid',
      provider: 'github',
      reason: {
        code: 'config-invalid',
        message: 'The signature could not be checked: the hook body file is gone',
      },
    });
  });
});
