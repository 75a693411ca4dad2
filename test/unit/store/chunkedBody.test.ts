import * as assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import { silentLogger } from '../../../src/core/clock';
import type { CapturedHook, HookMeta } from '../../../src/core/model/hook';
import { BodyHasher } from '../../../src/core/hooks/bodyHasher';
import { HookListener } from '../../../src/core/hooks/listener';
import type { Arrival } from '../../../src/core/model/arrival';
import { DurableHookStore } from '../../../src/core/store/durable';
import { crc32 } from '../../../src/core/store/journal/crc32';
import { encodeHook } from '../../../src/core/store/durable/hookRecords';
import { MemoryHookStore } from '../../../src/core/store/memoryHookStore';
import { sendRaw, tempDir, threads, waitUntil } from '../helpers';
import { makeHook } from './fixtures/hooks';

/** POSTs `body` in `pieces` separate writes, so that the listener receives it in several chunks. */
function postInPieces(url: string, body: Buffer, pieces: number, headers: http.OutgoingHttpHeaders = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': body.length } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    const size = Math.ceil(body.length / pieces);
    let at = 0;
    const next = (): void => {
      if (at >= body.length) return void req.end();
      const piece = body.subarray(at, at + size);
      at += size;
      req.write(piece, () => setTimeout(next, 2));
    };
    next();
  });
}

describe('bodies received in many chunks', () => {
  let dir: string;
  let store: DurableHookStore | undefined;
  let listener: HookListener | undefined;

  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await listener?.stop();
    await store?.close();
    listener = undefined;
    store = undefined;
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('are stored byte for byte, with the sha256 and CRC of the whole body, and read back after reopening', async () => {
    store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
    listener = new HookListener(store, { now: () => Date.now() }, silentLogger);
    const { url } = await listener.start({ host: '127.0.0.1', port: 0 });
    const bodies = [randomBytes(300 * 1024), randomBytes(70 * 1024), randomBytes(5)];
    for (const [i, body] of bodies.entries()) {
      const answer = await postInPieces(`${url}/big/${i}`, body, i === 2 ? 1 : 12);
      assert.equal(answer.status, 200);
    }
    await listener.stop();
    await store.close();

    store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
    const stored = [...store.list()].reverse();
    assert.equal(stored.length, 3);
    for (const [i, body] of bodies.entries()) {
      const meta = stored[i] as HookMeta;
      assert.equal(meta.path, `/big/${i}`);
      assert.equal(meta.bodySize, body.length);
      assert.equal(meta.bodySha256, createHash('sha256').update(body).digest('hex'));
      // Reading checks the stored CRC-32 against the bytes.
      assert.ok(Buffer.from((await store.readBody(meta.id)) ?? []).equals(body), `body ${i}`);
    }
  });

  it('are checked whole against the route’s signing secret', async () => {
    store = await DurableHookStore.open(dir);
    listener = new HookListener(store, { now: () => Date.now() }, silentLogger);
    const routes = [{ name: 'gh', pathPrefix: '/gh', provider: 'github' as const }];
    const { url } = await listener.start({ port: 0, routes, secretFor: () => 's3cret' });
    const body = Buffer.from(JSON.stringify({ action: 'opened', pad: 'x'.repeat(200 * 1024) }));
    const good = `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`;
    const bad = `sha256=${createHmac('sha256', 's3cret').update(body.subarray(1)).digest('hex')}`;
    await postInPieces(`${url}/gh/good`, body, 9, { 'x-hub-signature-256': good, 'x-github-event': 'ping' });
    await postInPieces(`${url}/gh/bad`, body, 9, { 'x-hub-signature-256': bad, 'x-github-event': 'ping' });
    const byPath = new Map(store.list().map((hook) => [hook.path, hook]));
    assert.equal(byPath.get('/gh/good')?.verdict?.status, 'valid');
    assert.equal(byPath.get('/gh/bad')?.verdict?.status, 'invalid');
  });
});

/** Sends `pieces` as the HTTP chunks of one chunked request on a raw socket; resolves with the status line. */
function postChunked(url: string, pieces: readonly Buffer[]): Promise<string> {
  const framed: Buffer[] = [
    Buffer.from('POST /chunked HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n'),
  ];
  for (const piece of pieces) framed.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
  framed.push(Buffer.from('0\r\n\r\n'));
  return sendRaw(url, Buffer.concat(framed));
}

describe('bodies sent as many HTTP chunks', () => {
  let listener: HookListener;
  let memory: MemoryHookStore;
  let url: string;
  beforeEach(async () => {
    memory = new MemoryHookStore();
    listener = new HookListener(memory, { now: () => Date.now() }, silentLogger);
    url = (await listener.start({ host: '127.0.0.1', port: 0 })).url;
  });
  afterEach(() => listener.dispose());

  it('gather 200,000 one-byte chunks into a few parts, the bytes exact', async () => {
    const body = randomBytes(200_000);
    const pieces = Array.from({ length: body.length }, (_, i) => body.subarray(i, i + 1));
    assert.equal(await postChunked(url, pieces), 'HTTP/1.1 200 OK');
    const [hook] = memory.list();
    assert.ok(hook);
    assert.equal(hook.bodySha256, createHash('sha256').update(body).digest('hex'));
    const stored = memory.partsOf(hook.id) ?? [];
    assert.ok(stored.length <= 4, `${stored.length} parts`);
    assert.ok(Buffer.from((await memory.readBody(hook.id)) ?? []).equals(body));
  });

  it('keep the bytes of chunks of every size below and around the block sizes', async () => {
    // Deterministic sizes from 1 byte to just over 16 KB, so blocks grow, fill, overflow and are cut short.
    let seed = 7;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    // First six of 15,000 bytes: a block grown to 60,000 bytes and full must not take a seventh.
    const pieces = [
      ...Array.from({ length: 7 }, () => randomBytes(15_000)),
      ...Array.from({ length: 400 }, () => randomBytes(1 + (next() % 17_000))),
    ];
    assert.equal(await postChunked(url, pieces), 'HTTP/1.1 200 OK');
    const [hook] = memory.list();
    assert.ok(hook);
    const body = Buffer.concat(pieces);
    assert.equal(hook.bodySize, body.length);
    assert.ok(Buffer.from((await memory.readBody(hook.id)) ?? []).equals(body));
  });

  it('hold no more than about twice the bytes a sender sent in tiny chunks between large ones', async () => {
    // 1 byte, 1 byte, 16 KB, over and over: each pair of tiny chunks must not keep a block to itself.
    const pieces: Buffer[] = [];
    for (let i = 0; i < 200; i++) pieces.push(randomBytes(1), randomBytes(1), randomBytes(16_384));
    assert.equal(await postChunked(url, pieces), 'HTTP/1.1 200 OK');
    const [hook] = memory.list();
    assert.ok(hook);
    const parts = memory.partsOf(hook.id) ?? [];
    const held = parts.reduce((sum, part) => sum + part.buffer.byteLength, 0);
    const sent = pieces.reduce((sum, piece) => sum + piece.length, 0);
    assert.ok(held <= sent * 2, `${held} bytes held for ${sent} sent`);
    assert.ok(Buffer.concat(parts).equals(Buffer.concat(pieces)));
  });

  it('keep small and large chunks in order', async () => {
    const sizes = [10, 20_000, 5, 7, 70_000, 1, 3, 40_000, 2];
    const pieces = sizes.map((size) => randomBytes(size));
    assert.equal(await postChunked(url, pieces), 'HTTP/1.1 200 OK');
    const [hook] = memory.list();
    assert.ok(hook);
    assert.ok(Buffer.from((await memory.readBody(hook.id)) ?? []).equals(Buffer.concat(pieces)));
    assert.equal(hook.bodySha256, createHash('sha256').update(Buffer.concat(pieces)).digest('hex'));
  });
});

describe('a listener stopped while a body is hashed', () => {
  it('drops that hook (nothing was answered) without logging an error, though the store has closed', async () => {
    const dir = await tempDir();
    const threadsBefore = threads();
    const original = BodyHasher.prototype.digest;
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered = (): void => undefined;
    const hashing = new Promise<void>((resolve) => (entered = resolve));
    // The worker's answer is held back until the listener and the store have been stopped.
    // What the listener awaits: once it has settled and the microtasks after it have run, the listener is done.
    let held: Promise<unknown> = Promise.resolve();
    BodyHasher.prototype.digest = function (this: BodyHasher, parts) {
      const digest = original.call(this, parts);
      // Stopping the listener fails it while held back here; the listener's own await handles that.
      digest?.catch(() => undefined);
      entered();
      const late = digest && gate.then(() => digest);
      if (late) held = late;
      return late;
    };
    const errors: string[] = [];
    const logger = { info: () => undefined, warn: () => undefined, error: (message: string) => errors.push(message) };
    const store = await DurableHookStore.open(dir);
    const listener = new HookListener(store, { now: () => Date.now() }, logger);
    try {
      const { url } = await listener.start({ host: '127.0.0.1', port: 0 });
      const sent = postInPieces(`${url}/late`, randomBytes(100 * 1024), 1).then(
        (answer) => answer.status,
        () => 'connection closed',
      );
      await hashing;
      await listener.stop();
      await store.close();
      release();
      assert.equal(await sent, 'connection closed');
      await held.catch(() => undefined);
      // The stop failed the held digest; after it the listener only checks that it was stopped (or, were it to go
      // on, logs the failure at once): promise continuations, which have run once the queued ones have.
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(errors, []);
    } finally {
      BodyHasher.prototype.digest = original;
      listener.dispose();
      // Its hashing thread ends after the stop: the next test counts threads without it.
      if (threadsBefore !== undefined) await waitUntil(() => (threads() as number) <= threadsBefore);
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a listener started and stopped many times', () => {
  it('keeps no hashing thread of an earlier run', async function () {
    if (threads() === undefined) this.skip();
    const before = threads() as number;
    const listeners: HookListener[] = [];
    try {
      for (let round = 0; round < 3; round++) {
        const listener = new HookListener(new MemoryHookStore(), { now: () => Date.now() }, silentLogger);
        listeners.push(listener);
        // Counted anew each round: a thread of an earlier test file ending meanwhile cannot hide this one.
        const roundBefore = threads() as number;
        const { url } = await listener.start({ host: '127.0.0.1', port: 0 });
        assert.equal((await postInPieces(`${url}/r/${round}`, randomBytes(100 * 1024), 3)).status, 200);
        assert.ok((threads() as number) > roundBefore, 'a large body was hashed on a thread of its own');
        await listener.stop();
        await waitUntil(() => (threads() as number) <= roundBefore);
      }
      await waitUntil(() => (threads() as number) <= before);
    } finally {
      for (const listener of listeners) listener.dispose();
    }
  });
});

describe('an arrival', () => {
  const fields: CapturedHook = makeHook(1, Buffer.from('not used'));
  const meta: HookMeta = (({ body: _body, ...rest }: CapturedHook) => rest)(fields);

  it('keeps the chunks apart in the in-memory store until the body is read, then joins them once', async () => {
    const parts = [Buffer.from('ab'), Buffer.from('cd'), Buffer.from('e')];
    const memory = new MemoryHookStore();
    await memory.add({ meta, parts });
    assert.equal(memory.partsOf(meta.id), parts);
    const body = (await memory.readBody(meta.id)) as Uint8Array;
    assert.equal(Buffer.from(body).toString(), 'abcde');
    assert.equal(await memory.readBody(meta.id), body, 'joined once');
    assert.deepEqual(memory.partsOf(meta.id), [body]);
  });

  it('is written by the durable store as its chunks, with the CRC-32 worked out on arrival', () => {
    const parts = [Buffer.from('ab'), Buffer.from('c')];
    const arrival: Arrival = { meta, parts, digest: { crc32: crc32(Buffer.from('abc')) } };
    const record = encodeHook(arrival);
    assert.equal(record.bodyParts, parts, 'the chunks are not joined');
    assert.equal(record.length, record.head.length + 3);
    assert.equal(record.head.readUInt32LE(24), crc32(Buffer.from('abc')));
    assert.equal(record.fields.id, meta.id);
    assert.equal(record.fields.headers, undefined, 'header names and values are written apart');
    assert.ok(encodeHook({ meta, parts }).head.equals(record.head), 'the same record when the CRC is worked out here');
  });

  it('keeps its body in the in-memory store when pinned', async () => {
    const memory = new MemoryHookStore();
    await memory.add({ meta, parts: [Buffer.from('12'), Buffer.from('34')] });
    await memory.setPinned([meta.id], true);
    assert.equal(memory.get(meta.id)?.pinned, true);
    assert.equal(Buffer.from((await memory.readBody(meta.id)) ?? []).toString(), '1234');
  });
});
