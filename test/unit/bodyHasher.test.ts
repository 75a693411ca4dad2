import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { BodyHasher, WORKER_DIGEST_BYTES } from '../../src/core/hooks/bodyHasher';
import { threads, waitUntil } from './helpers';

/** Chunks that each own their memory, as the HTTP parser hands them over. */
function ownedChunks(...sizes: number[]): Buffer[] {
  return sizes.map((size) => {
    const chunk = Buffer.allocUnsafeSlow(size);
    randomBytes(size).copy(chunk);
    return chunk;
  });
}

function expected(parts: readonly Uint8Array[]): { sha256: string; crc32: number; bytes: Buffer } {
  const bytes = Buffer.concat(parts);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), crc32: zlib.crc32(bytes), bytes };
}

describe('BodyHasher', () => {
  let hasher: BodyHasher;
  beforeEach(() => (hasher = new BodyHasher()));
  afterEach(() => hasher.dispose());

  it('hashes a large body on the worker and gives back the same bytes, sha256 and CRC-32 over all chunks', async () => {
    const parts = ownedChunks(65_536, 36_954, 1);
    const want = expected(parts);
    const pending = hasher.digest(parts);
    assert.ok(pending, 'the worker takes it');
    // The chunks were lent, not copied: they are empty here until they come back.
    assert.equal(parts[0]?.length, 0);
    const digest = await pending;
    assert.equal(digest.sha256, want.sha256);
    assert.equal(digest.crc32, want.crc32);
    assert.deepEqual(
      digest.parts.map((part) => part.length),
      [65_536, 36_954, 1],
    );
    assert.ok(Buffer.concat(digest.parts).equals(want.bytes));
  });

  it('keeps many bodies apart when they are in flight together', async () => {
    const bodies = Array.from({ length: 20 }, (_, i) => ownedChunks(WORKER_DIGEST_BYTES + i * 1000, 500));
    const wants = bodies.map(expected);
    const digests = await Promise.all(bodies.map((parts) => hasher.digest(parts)));
    digests.forEach((digest, i) => {
      assert.equal(digest?.sha256, wants[i]?.sha256);
      assert.ok(Buffer.concat(digest?.parts ?? []).equals(wants[i]?.bytes ?? Buffer.alloc(1)));
    });
  });

  it('leaves small bodies, and chunks that share memory with other data, to the caller, untouched', () => {
    assert.equal(hasher.digest(ownedChunks(WORKER_DIGEST_BYTES - 1)), undefined);
    const shared = Buffer.allocUnsafeSlow(200_000);
    const view = shared.subarray(100, 100_100);
    assert.equal(hasher.digest([view]), undefined);
    assert.equal(view.length, 100_000);
    const same = ownedChunks(50_000)[0] as Buffer;
    assert.equal(hasher.digest([same, same]), undefined, 'one buffer twice');
    assert.equal(same.length, 50_000);
  });

  it('ends its thread on stop, and starts another for the next large body', async function () {
    if (threads() === undefined) this.skip(); // counted from /proc
    await hasher.digest(ownedChunks(100_000));
    const running = threads() as number;
    const held = hasher.digest(ownedChunks(100_000));
    hasher.stop();
    await assert.rejects(held as Promise<unknown>, /stopped before the body was hashed/);
    await waitUntil(() => (threads() as number) < running);
    const parts = ownedChunks(40_000);
    const want = expected(parts);
    assert.equal((await hasher.digest(parts))?.sha256, want.sha256);
  });

  it('fails what it holds when disposed, and leaves later bodies to the caller', async () => {
    const pending = hasher.digest(ownedChunks(100_000));
    assert.ok(pending);
    hasher.dispose();
    await assert.rejects(pending, /stopped before the body was hashed/);
    const later = ownedChunks(100_000);
    assert.equal(hasher.digest(later), undefined);
    assert.equal(later[0]?.length, 100_000);
  });
});
