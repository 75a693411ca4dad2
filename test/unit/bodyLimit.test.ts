import * as assert from 'node:assert/strict';
import { listenerPerTest } from './helpers';
import { type RawAnswer, RawConnection } from './rawConnection';

const LIMIT = 1000;

/** A POST head declaring `length` body bytes, asking to close the connection after the answer. */
function head(length: number, extra = ''): string {
  return `POST /limit HTTP/1.1\r\nHost: x\r\n${extra}Content-Length: ${length}\r\nConnection: close\r\n\r\n`;
}

/** A chunked POST of these chunk sizes, each of its own letter. */
function chunked(sizes: number[]): string {
  const chunks = sizes.map((size, i) => `${size.toString(16)}\r\n${String.fromCharCode(0x61 + i).repeat(size)}\r\n`);
  return `POST /limit HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunks.join('')}0\r\n\r\n`;
}

function assertTooLarge(answer: RawAnswer | undefined): void {
  assert.equal(answer?.status, 413, JSON.stringify(answer));
  assert.deepEqual(JSON.parse(answer?.body ?? ''), { error: 'payload_too_large', limit: LIMIT });
}

describe('listener body size limit, exactly at maxBodyBytes and one byte past', () => {
  const fixture = listenerPerTest();

  /** Starts the listener with a limit of LIMIT bytes; a request still waiting for its body ends within 2 s. */
  async function open(): Promise<RawConnection> {
    const { port } = await fixture.listener.start({
      port: 0,
      maxBodyBytes: LIMIT,
      headersTimeoutMs: 1000,
      requestTimeoutMs: 2000,
    });
    return RawConnection.open(port);
  }

  async function storedBody(): Promise<string> {
    const [hook] = fixture.store.list();
    assert.ok(hook, 'one hook is stored');
    assert.equal(fixture.store.size, 1);
    return Buffer.from((await fixture.store.readBody(hook.id)) ?? []).toString('latin1');
  }

  it('stores a body of exactly maxBodyBytes declared with Content-Length, byte for byte', async () => {
    const connection = await open();
    const body = 'x'.repeat(LIMIT - 1) + 'y';
    const [answer] = await connection.exchange(head(LIMIT) + body);
    assert.equal(answer?.status, 200, JSON.stringify(answer));
    assert.equal(await storedBody(), body);
    assert.equal(fixture.store.list()[0]?.bodySize, LIMIT);
  });

  it('answers 413 to a Content-Length one byte past maxBodyBytes from the head alone, and stores nothing', async () => {
    const connection = await open();
    // No body byte is sent: only the declared length can refuse it.
    const [answer] = await connection.exchange(head(LIMIT + 1));
    assertTooLarge(answer);
    await connection.closed;
    assert.equal(fixture.store.size, 0);
  });

  it('stores a chunked body that adds up to exactly maxBodyBytes', async () => {
    const connection = await open();
    const [answer] = await connection.exchange(chunked([600, 399, 1]));
    assert.equal(answer?.status, 200, JSON.stringify(answer));
    assert.equal(await storedBody(), `${'a'.repeat(600)}${'b'.repeat(399)}c`);
  });

  it('answers 413 to a chunked body one byte past maxBodyBytes, and stores nothing', async () => {
    const connection = await open();
    const [answer] = await connection.exchange(chunked([600, 400, 1]));
    assertTooLarge(answer);
    await connection.closed;
    assert.equal(fixture.store.size, 0);
  });

  it('answers 100 Continue to Expect with exactly maxBodyBytes declared, then stores the body', async () => {
    const connection = await open();
    const [go] = await connection.exchange(head(LIMIT, 'Expect: 100-continue\r\n'));
    assert.equal(go?.status, 100);
    const [answer] = await connection.exchange('z'.repeat(LIMIT));
    assert.equal(answer?.status, 200, JSON.stringify(answer));
    assert.equal(await storedBody(), 'z'.repeat(LIMIT));
  });

  it('answers 413 instead of 100 Continue to Expect with one byte past maxBodyBytes declared', async () => {
    const connection = await open();
    const [answer] = await connection.exchange(head(LIMIT + 1, 'Expect: 100-continue\r\n'));
    assertTooLarge(answer);
    await connection.closed;
    assert.equal(fixture.store.size, 0);
  });
});
