import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import examples from '@octokit/webhooks-examples';
import * as fc from 'fast-check';
import { silentLogger } from '../../../src/core/clock';
import { HookListener } from '../../../src/core/hooks/listener';
import { MemoryHookStore } from '../../../src/core/store/memoryHookStore';
import { requestFromHook, verifyRequest } from '../../../src/core/verify/registry';
import { applySignedHeaders, signRequest } from '../../../src/core/verify/sign';
import type { Verdict } from '../../../src/core/model/verdict';
import { send } from '../helpers';

interface OctokitMethods {
  sign(secret: string, payload: string): Promise<string>;
  verify(secret: string, payload: string, signature: string): Promise<boolean>;
}
// @octokit/webhooks-methods is ESM only; TypeScript's CommonJS output would turn import() into require().
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

const clock = { now: () => 1_750_000_000_000 };

function github(headers: Array<[string, string]>, body: Uint8Array | string, secret: string | undefined): Verdict {
  return verifyRequest(
    'github',
    { method: 'POST', url: 'http://localhost/', headers, body: Buffer.from(body) },
    { secret, clock },
  );
}

/** Changes one byte, never into whitespace (which could look like a harmless reformat). */
function flip(bytes: Uint8Array, index: number, xor: number): Buffer {
  const copy = Buffer.from(bytes);
  const i = index % copy.length;
  let next = (copy[i] as number) ^ xor;
  if ([0x09, 0x0a, 0x0d, 0x20].includes(next)) next = next ^ 0x40;
  copy[i] = next;
  return copy;
}

describe('verify: GitHub', () => {
  let octokit: OctokitMethods;
  before(async () => {
    octokit = (await importEsm('@octokit/webhooks-methods')) as OctokitMethods;
  });

  it('accepts what @octokit/webhooks-methods signs, refuses a flipped byte or another secret', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (payload, secret, index, xor) => {
          const signature = await octokit.sign(secret, payload);
          const headers: Array<[string, string]> = [['X-Hub-Signature-256', signature]];
          assert.equal(github(headers, payload, secret).status, 'valid');
          const tampered = github(headers, flip(Buffer.from(payload), index, xor), secret);
          assert.equal(tampered.reason?.code, 'signature-mismatch');
          const other = github(headers, payload, `${secret}x`);
          assert.equal(other.reason?.code, 'signature-mismatch');
        },
      ),
    );
  });

  it('works on the raw bytes, including bodies that are not UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.string({ minLength: 1 }), (body, secret) => {
        const digest = createHmac('sha256', secret).update(body).digest('hex');
        assert.equal(github([['X-Hub-Signature-256', `sha256=${digest}`]], body, secret).status, 'valid');
      }),
    );
    const latin1 = Buffer.from([0x7b, 0xe9, 0xff, 0x00, 0x7d]);
    const digest = createHmac('sha256', 's').update(latin1).digest('hex');
    // The same bytes decoded and re-encoded as UTF-8 are different bytes, and do not verify.
    const reencoded = Buffer.from(latin1.toString('utf8'));
    assert.equal(github([['X-Hub-Signature-256', `sha256=${digest}`]], reencoded, 's').status, 'invalid');
  });

  it('re-signed headers verify with @octokit/webhooks-methods, and replace the old ones', async () => {
    const body = JSON.stringify({ action: 'edited', note: 'changed before replay ✓' });
    const signed = signRequest('github', { secret: 'replay-secret', body: Buffer.from(body), clock });
    const headers = applySignedHeaders(
      [
        ['X-GitHub-Event', 'issues'],
        ['x-hub-signature-256', 'sha256=old'],
      ],
      signed.headers,
    );
    const sha256 = headers.filter(([n]) => n.toLowerCase() === 'x-hub-signature-256');
    assert.equal(sha256.length, 1);
    assert.equal(await octokit.verify('replay-secret', body, sha256[0]?.[1] ?? ''), true);
    const sha1 = headers.find(([n]) => n === 'X-Hub-Signature')?.[1];
    assert.equal(sha1, `sha1=${createHmac('sha1', 'replay-secret').update(body).digest('hex')}`);
    assert.equal(headers[0]?.[0], 'X-GitHub-Event');
  });

  it('checks the legacy sha1 X-Hub-Signature when it is the only one, and says so', () => {
    const body = '{"zen":"Keep it logically awesome."}';
    const sha1 = `sha1=${createHmac('sha1', 'k').update(body).digest('hex')}`;
    const verdict = github([['X-Hub-Signature', sha1]], body, 'k');
    assert.equal(verdict.status, 'valid');
    assert.match(verdict.note ?? '', /legacy/);
    assert.equal(github([['X-Hub-Signature', sha1]], body, 'other').reason?.code, 'signature-mismatch');
    // With both headers, sha256 decides.
    const both = github(
      [
        ['X-Hub-Signature', sha1],
        ['X-Hub-Signature-256', `sha256=${'0'.repeat(64)}`],
      ],
      body,
      'k',
    );
    assert.equal(both.status, 'invalid');
  });

  it('tells not signed, no secret, malformed and whitespace in the secret apart', async () => {
    const body = 'Hello, World!';
    const signature = await octokit.sign('secret', body);
    assert.deepEqual(
      [github([], body, 'secret').status, github([], body, 'secret').reason?.code],
      ['not-signed', 'header-missing'],
    );
    assert.equal(github([['X-Hub-Signature-256', signature]], body, undefined).status, 'no-secret');
    assert.equal(github([['X-Hub-Signature-256', signature]], body, '').status, 'no-secret');
    const bare = github([['X-Hub-Signature-256', signature.slice(7)]], body, 'secret');
    assert.equal(bare.reason?.code, 'header-malformed');
    assert.match(bare.reason?.message ?? '', /bare digest/);
    assert.equal(github([['X-Hub-Signature-256', 'sha256=xyz']], body, 'secret').reason?.code, 'header-malformed');
    assert.equal(
      github([['X-Hub-Signature-256', `sha256=${'a'.repeat(100_000)}`]], body, 'secret').reason?.code,
      'header-malformed',
    );
    const pasted = github([['X-Hub-Signature-256', signature]], body, 'secret\n');
    assert.equal(pasted.reason?.code, 'secret-format');
  });

  it('says a re-serialised payload (as some relays do) differs from what was signed', async () => {
    const payload = examples.find((d) => d.name === 'issues')?.examples[0];
    const sent = JSON.stringify(payload);
    const signature = await octokit.sign('s3cret', sent);
    const pretty = github([['X-Hub-Signature-256', signature]], JSON.stringify(payload, null, 2), 's3cret');
    assert.equal(pretty.reason?.code, 'body-mismatch');
    assert.match(pretty.reason?.message ?? '', /it looks re-serialised.*compact JSON/);
    const editedBody = sent.replace(/"action":"[^"]*"/, '"action":"tampered"');
    assert.notEqual(editedBody, sent);
    const edited = github([['X-Hub-Signature-256', signature]], editedBody, 's3cret');
    assert.equal(edited.reason?.code, 'signature-mismatch');
  });

  describe('end to end: real payloads from @octokit/webhooks-examples through the listener', () => {
    const store = new MemoryHookStore();
    const listener = new HookListener(store, clock, silentLogger);
    after(() => listener.stop());

    it('verifies every example signed by @octokit/webhooks-methods, exactly as captured', async () => {
      // Hundreds of hooks from one address as fast as they go: no hooks-per-second limit.
      const address = await listener.start({
        host: '127.0.0.1',
        port: 0,
        maxBodyBytes: 25 * 1024 * 1024,
        maxHooksPerSecond: 0,
      });
      const payloads = examples.flatMap((d) => d.examples.map((e) => ({ event: d.name, body: JSON.stringify(e) })));
      assert.ok(payloads.length > 300);
      for (const [i, { event, body }] of payloads.entries()) {
        const signature = await octokit.sign('e2e secret', body);
        // Every tenth one is tampered with on the way: one character changes.
        const sent = i % 10 === 9 ? body.replace(/"/, "'") : body;
        const answer = await send(`${address.url}/github`, {
          headers: { 'X-GitHub-Event': event, 'X-Hub-Signature-256': signature, 'Content-Type': 'application/json' },
          body: sent,
        });
        assert.equal(answer.status, 200);
      }
      const hooks = store.list();
      assert.equal(hooks.length, payloads.length);
      let valid = 0;
      for (const meta of hooks) {
        const body = await store.readBody(meta.id);
        assert.ok(body);
        const verdict = verifyRequest('github', requestFromHook({ ...meta, body }), { secret: 'e2e secret', clock });
        if (verdict.status === 'valid') valid++;
        else assert.equal(verdict.reason?.code, 'signature-mismatch');
      }
      assert.equal(valid, payloads.length - Math.floor(payloads.length / 10));
    });
  });
});
