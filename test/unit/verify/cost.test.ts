import * as assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, randomBytes, sign as edSign } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { verifyRequest } from '../../../src/core/verify/registry';
import type { ProviderName, Verdict } from '../../../src/core/model/verdict';
import type { VerifyRequest } from '../../../src/core/verify/types';
import { bodyVariants, MAX_VARIANT_BODY } from '../../../src/core/verify/variants';

// One hostile request must not cause more than a bounded amount of synchronous work: the listener checks
// signatures on its event loop. The work is counted here (calls of the crypto primitives and of JSON.parse
// per check), never timed: performance is measured in benchmarks.

/** The real module object: the compiled verifiers look up e.g. `node_crypto_1.verify` at each call. */
const rawCrypto = require('node:crypto') as typeof import('node:crypto');

/** Signatures one header may carry before it is refused unchecked (MAX_SIGNATURES in src/core/verify/util.ts). */
const MAX_SIGNATURES = 8;
/** Signatures of each kind tried against each re-serialised body (MAX_DIAGNOSED_SIGNATURES, standardWebhooks.ts). */
const MAX_DIAGNOSED_SIGNATURES = 3;
/**
 * The most re-serialised guesses `bodyVariants` yields for one body: trailing whitespace trimmed or a newline
 * added (2), line endings changed either way (2), 5 JSON layouts × (as is + 3 escapings) × (with and without a
 * trailing newline) (40).
 */
const MAX_GUESSES = 44;

const T0 = 1_750_000_000;
type Pairs = Array<[string, string]>;

interface Work {
  /** `crypto.verify`: one ed25519 check, hashing the whole signed content. */
  verify: number;
  /** `crypto.createHmac`: one HMAC of the whole signed content. */
  createHmac: number;
  timingSafeEqual: number;
  /** `JSON.parse`: the re-serialisation guesses parse the body once. */
  parse: number;
}

/** Replaces `target[name]` with a wrapper that calls `count` first; returns what puts the original back. */
function wrap(target: object, name: string, count: () => void): () => void {
  const record = target as Record<string, (...args: unknown[]) => unknown>;
  const original = record[name] as (...args: unknown[]) => unknown;
  record[name] = function (this: unknown, ...args: unknown[]) {
    count();
    return original.apply(this, args);
  };
  return () => {
    record[name] = original;
  };
}

/** One check, with the work it did counted. */
function check(provider: ProviderName, request: Omit<VerifyRequest, 'method' | 'url'>, secret: string) {
  const work: Work = { verify: 0, createHmac: 0, timingSafeEqual: 0, parse: 0 };
  const restore = [
    wrap(rawCrypto, 'verify', () => work.verify++),
    wrap(rawCrypto, 'createHmac', () => work.createHmac++),
    wrap(rawCrypto, 'timingSafeEqual', () => work.timingSafeEqual++),
    wrap(JSON, 'parse', () => work.parse++),
  ];
  try {
    const verdict: Verdict = verifyRequest(
      provider,
      { method: 'POST', url: 'http://localhost/', ...request },
      { secret, clock: { now: () => T0 * 1000 } },
    );
    return { verdict, work };
  } finally {
    for (const undo of restore) undo();
  }
}

const NO_WORK: Work = { verify: 0, createHmac: 0, timingSafeEqual: 0, parse: 0 };

/** How many re-serialised guesses the verifiers try for `body` (at most MAX_GUESSES). */
function guesses(body: Uint8Array): number {
  const count = [...bodyVariants(body)].length;
  assert.ok(count <= MAX_GUESSES, `${count} guesses`);
  return count;
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
  it('counts the work of a check (the wrapped functions are the ones the verifiers call)', () => {
    const { privateKey, whpk } = ed25519();
    const body = Buffer.from('{}');
    const v1a = edSign(null, Buffer.concat([Buffer.from(`msg_1.${T0}.`), body]), privateKey).toString('base64');
    const ed = check('standard-webhooks', { headers: sw(`v1a,${v1a}`), body }, whpk);
    assert.equal(ed.verdict.status, 'valid');
    assert.deepEqual(ed.work, { ...NO_WORK, verify: 1 });

    const digest = createHmac('sha256', 'k').update(body).digest('hex');
    const github = check('github', { headers: [['X-Hub-Signature-256', `sha256=${digest}`]], body }, 'k');
    assert.equal(github.verdict.status, 'valid');
    assert.deepEqual(github.work, { ...NO_WORK, createHmac: 1, timingSafeEqual: 1 });
    // Put back: calls made now are not counted.
    rawCrypto.createHmac('sha256', 'k');
    assert.equal(github.work.createHmac, 1);
  });

  it('refuses a Standard Webhooks header of ~170 ed25519 entries at once, whatever the body', () => {
    const { whpk } = ed25519();
    const entries: string[] = [];
    while (entries.join(' ').length + 93 < 16 * 1024) entries.push(junkV1a());
    assert.ok(entries.length > MAX_SIGNATURES);
    for (const size of [1024, 64 * 1024, 500 * 1024]) {
      const { verdict, work } = check(
        'standard-webhooks',
        { headers: sw(entries.join(' ')), body: jsonBody(size) },
        whpk,
      );
      // Not one signature checked, no body parsed: it took seconds when every entry was checked against
      // every re-serialised form of the body.
      assert.deepEqual(work, NO_WORK, `for ${size} B`);
      assert.equal(verdict.reason?.code, 'header-malformed');
      assert.match(verdict.reason?.message ?? '', new RegExp(`holds ${entries.length} signatures.*at most 8`));
    }
  });

  it('checks up to 8 entries, still finds the one that matches, and bounds a failing check', () => {
    const { privateKey, whpk } = ed25519();
    const body = jsonBody(MAX_VARIANT_BODY - 200);
    assert.ok(body.length <= MAX_VARIANT_BODY);
    const good = `v1a,${edSign(null, Buffer.concat([Buffer.from(`msg_1.${T0}.`), body]), privateKey).toString('base64')}`;
    const junk = Array.from({ length: MAX_SIGNATURES - 1 }, junkV1a);
    const found = check('standard-webhooks', { headers: sw([...junk, good].join(' ')), body }, whpk);
    // At most one ed25519 check per entry, and no guessing once one matches.
    assert.ok(found.work.verify > 0 && found.work.verify <= MAX_SIGNATURES, `${found.work.verify} checks`);
    assert.equal(found.work.parse, 0);
    assert.equal(found.verdict.status, 'valid');

    // Nine entries: refused unchecked, though the standardwebhooks library would look through all of them.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const signed = new Webhook(secret).sign('msg_1', new Date(T0 * 1000), '{}');
    const nine = [...Array.from({ length: 8 }, () => `v1,${randomBytes(32).toString('base64')}`), signed].join(' ');
    const refused = check('standard-webhooks', { headers: sw(nine), body: Buffer.from('{}') }, secret);
    assert.deepEqual(refused.work, NO_WORK);
    assert.equal(refused.verdict.reason?.code, 'header-malformed');
    assert.match(refused.verdict.reason?.message ?? '', /holds 9 signatures/);

    // The worst that is checked: 8 junk entries, a body just under the guessing limit, every guess tried,
    // each against the first 3 entries only.
    const worst = check(
      'standard-webhooks',
      { headers: sw(Array.from({ length: MAX_SIGNATURES }, junkV1a).join(' ')), body },
      whpk,
    );
    const bound = MAX_SIGNATURES + MAX_DIAGNOSED_SIGNATURES * guesses(body);
    assert.ok(worst.work.verify > MAX_SIGNATURES, `${worst.work.verify} checks: the guesses were tried`);
    assert.ok(worst.work.verify <= bound, `${worst.work.verify} ed25519 checks of a ${body.length} B body, > ${bound}`);
    assert.ok(worst.work.parse <= 1, `JSON.parse called ${worst.work.parse} times`);
    assert.equal(worst.verdict.reason?.code, 'signature-mismatch');
  });

  it('still says re-serialised for ed25519 (one of the first entries) and HMAC bodies up to 64 KiB, not beyond', () => {
    assert.ok(MAX_VARIANT_BODY <= 64 * 1024);
    const { privateKey, whpk } = ed25519();
    const sent = jsonBody(2048);
    const delivered = Buffer.from(JSON.stringify(JSON.parse(sent.toString())));
    const v1a = edSign(null, Buffer.concat([Buffer.from(`msg_1.${T0}.`), sent]), privateKey).toString('base64');
    const ed = check('standard-webhooks', { headers: sw(`${junkV1a()} v1a,${v1a}`), body: delivered }, whpk);
    // Two entries: each checked against the body as delivered and against each guess until one matches.
    assert.ok(ed.work.verify <= 2 + 2 * guesses(delivered), `${ed.work.verify} ed25519 checks`);
    assert.ok(ed.work.parse <= 1, `JSON.parse called ${ed.work.parse} times`);
    assert.equal(ed.verdict.reason?.code, 'body-mismatch');
    assert.match(ed.verdict.reason?.message ?? '', /re-serialised as JSON indented with 2 spaces/);

    // GitHub-style HMAC: a pretty-printed body re-serialised by a relay. Over 64 KiB no guess is made.
    const github = (size: number) => {
      const original = jsonBody(size);
      const digest = createHmac('sha256', 'k').update(original).digest('hex');
      const compact = Buffer.from(JSON.stringify(JSON.parse(original.toString())));
      return {
        guesses: guesses(compact),
        ...check('github', { headers: [['X-Hub-Signature-256', `sha256=${digest}`]], body: compact }, 'k'),
      };
    };
    const small = github(32 * 1024);
    assert.ok(small.work.createHmac > 1, `${small.work.createHmac} HMACs: the guesses were tried`);
    assert.ok(small.work.createHmac <= 1 + small.guesses, `${small.work.createHmac} HMACs`);
    assert.equal(small.work.parse, 1);
    assert.equal(small.verdict.reason?.code, 'body-mismatch');

    const large = github(100 * 1024);
    // The body as delivered, once; not parsed, no guess hashed.
    assert.deepEqual(large.work, { ...NO_WORK, createHmac: 1, timingSafeEqual: 1 });
    assert.equal(large.verdict.reason?.code, 'signature-mismatch');
    assert.match(large.verdict.reason?.message ?? '', /too large \(over 64 KiB\)/);
  });
});
