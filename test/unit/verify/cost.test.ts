import * as assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, randomBytes, sign as edSign } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { verifyRequest } from '../../../src/core/verify/registry';
import type { ProviderName, Verdict, VerifyRequest } from '../../../src/core/verify/types';
import { MAX_VARIANT_BODY } from '../../../src/core/verify/variants';

// One hostile request must not cost more than a few milliseconds of synchronous work: the listener checks
// signatures on its event loop.

const T0 = 1_750_000_000;
type Pairs = Array<[string, string]>;

function timed(provider: ProviderName, request: Omit<VerifyRequest, 'method' | 'url'>, secret: string) {
  const start = process.hrtime.bigint();
  const verdict: Verdict = verifyRequest(
    provider,
    { method: 'POST', url: 'http://localhost/', ...request },
    { secret, clock: { now: () => T0 * 1000 } },
  );
  return { verdict, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/**
 * The verdict and the fastest time of three runs: these tests guard against checks that took seconds, and
 * a busy machine must not fail them.
 */
function fastestOf3(provider: ProviderName, request: Omit<VerifyRequest, 'method' | 'url'>, secret: string) {
  const runs = [0, 1, 2].map(() => timed(provider, request, secret));
  return { verdict: (runs[0] as ReturnType<typeof timed>).verdict, ms: Math.min(...runs.map((run) => run.ms)) };
}

function ed25519() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  return { privateKey, whpk: `whpk_${raw.toString('base64')}` };
}

/** A junk ed25519 signature that is checked in full (its S is below the group order). */
function junkV1a(): string {
  const bytes = randomBytes(64);
  bytes[63] = 0;
  return `v1a,${bytes.toString('base64')}`;
}

/** JSON indented with 2 spaces, with non-ASCII, "/" and "<" so every re-serialised guess applies; about `size` bytes. */
function jsonBody(size: number): Buffer {
  return Buffer.from(JSON.stringify({ a: 'é/<'.repeat(10), pad: 'x'.repeat(Math.max(0, size - 120)) }, null, 2));
}

const sw = (signature: string): Pairs => [
  ['webhook-id', 'msg_1'],
  ['webhook-timestamp', String(T0)],
  ['webhook-signature', signature],
];

describe('verify: the work one request can cause is bounded', () => {
  it('refuses a Standard Webhooks header of ~170 ed25519 entries at once, whatever the body', () => {
    const { whpk } = ed25519();
    const entries: string[] = [];
    while (entries.join(' ').length + 93 < 16 * 1024) entries.push(junkV1a());
    for (const size of [1024, 64 * 1024, 500 * 1024]) {
      const { verdict, ms } = fastestOf3(
        'standard-webhooks',
        { headers: sw(entries.join(' ')), body: jsonBody(size) },
        whpk,
      );
      assert.equal(verdict.reason?.code, 'header-malformed');
      assert.match(verdict.reason?.message ?? '', new RegExp(`holds ${entries.length} signatures.*at most 8`));
      // It took seconds when every entry was checked against every re-serialised form of the body.
      assert.ok(ms < 100, `${ms} ms for ${size} B`);
    }
  });

  it('checks up to 8 entries, still finds the one that matches, and keeps a failing check fast', () => {
    const { privateKey, whpk } = ed25519();
    const body = jsonBody(MAX_VARIANT_BODY - 200);
    assert.ok(body.length <= MAX_VARIANT_BODY);
    const good = `v1a,${edSign(null, Buffer.concat([Buffer.from(`msg_1.${T0}.`), body]), privateKey).toString('base64')}`;
    const junk = Array.from({ length: 7 }, junkV1a);
    assert.equal(
      timed('standard-webhooks', { headers: sw([...junk, good].join(' ')), body }, whpk).verdict.status,
      'valid',
    );
    // Nine entries: refused, though the standardwebhooks library would look through all of them.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const signed = new Webhook(secret).sign('msg_1', new Date(T0 * 1000), '{}');
    const nine = [...Array.from({ length: 8 }, () => `v1,${randomBytes(32).toString('base64')}`), signed].join(' ');
    const refused = timed('standard-webhooks', { headers: sw(nine), body: Buffer.from('{}') }, secret).verdict;
    assert.equal(refused.reason?.code, 'header-malformed');
    assert.match(refused.reason?.message ?? '', /holds 9 signatures/);

    // The worst that is checked: 8 junk entries, a body just under the guessing limit, every guess tried.
    const { verdict, ms: fastest } = fastestOf3(
      'standard-webhooks',
      { headers: sw(Array.from({ length: 8 }, junkV1a).join(' ')), body },
      whpk,
    );
    assert.equal(verdict.reason?.code, 'signature-mismatch');
    assert.ok(fastest < 150, `${fastest} ms`);
  });

  it('still says re-serialised for ed25519 (one of the first entries) and HMAC bodies up to 64 KiB, not beyond', () => {
    assert.ok(MAX_VARIANT_BODY <= 64 * 1024);
    const { privateKey, whpk } = ed25519();
    const sent = jsonBody(2048);
    const delivered = Buffer.from(JSON.stringify(JSON.parse(sent.toString())));
    const v1a = edSign(null, Buffer.concat([Buffer.from(`msg_1.${T0}.`), sent]), privateKey).toString('base64');
    const ed = timed('standard-webhooks', { headers: sw(`${junkV1a()} v1a,${v1a}`), body: delivered }, whpk).verdict;
    assert.equal(ed.reason?.code, 'body-mismatch');
    assert.match(ed.reason?.message ?? '', /re-serialised as JSON indented with 2 spaces/);

    // GitHub-style HMAC: a pretty-printed body re-serialised by a relay. Over 64 KiB no guess is made.
    const github = (size: number) => {
      const original = jsonBody(size);
      const digest = createHmac('sha256', 'k').update(original).digest('hex');
      const compact = Buffer.from(JSON.stringify(JSON.parse(original.toString())));
      return timed('github', { headers: [['X-Hub-Signature-256', `sha256=${digest}`]], body: compact }, 'k').verdict;
    };
    assert.equal(github(32 * 1024).reason?.code, 'body-mismatch');
    const large = github(100 * 1024);
    assert.equal(large.reason?.code, 'signature-mismatch');
    assert.match(large.reason?.message ?? '', /too large \(over 64 KiB\)/);
  });
});
