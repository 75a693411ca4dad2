import * as assert from 'node:assert/strict';
import { silentLogger, systemClock } from '../../src/core/clock';
import { inspectBody } from '../../src/core/hooks/inspect';
import { HookListener } from '../../src/core/hooks/listener';
import { renderHookDocument } from '../../src/core/render/hookDocument';
import { dripForever, listenerPerTest, rawExchange, send } from './helpers';

describe('listener limits and hostile input', () => {
  const fixture = listenerPerTest();

  it('answers 413 from Content-Length alone, without reading the body, and closes the connection', async () => {
    const address = await fixture.listener.start({ port: 0, maxBodyBytes: 1000 });
    const head = 'POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n';
    const result = await rawExchange(address, [head, 'a'.repeat(100)]);
    assert.match(result.text, /^HTTP\/1\.1 413 /);
    assert.equal(fixture.store.size, 0);
  });

  it('answers 413 to a chunked body that grows past the limit and stores nothing partial', async () => {
    const address = await fixture.listener.start({ port: 0, maxBodyBytes: 1000 });
    const head = 'POST /big HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n';
    const chunk = `3e8\r\n${'b'.repeat(1000)}\r\n`;
    const result = await rawExchange(address, [head, chunk, chunk, chunk, '0\r\n\r\n'], 20);
    assert.match(result.text, /^HTTP\/1\.1 413 /);
    assert.equal(fixture.store.size, 0);
  });

  it('closes a connection whose headers never finish, after its headers timeout', async () => {
    // Two senders whose heads never end: the one on the listener with the longer timeout started first, yet
    // the one on the listener with the shorter timeout is closed first.
    const patient = new HookListener(fixture.store, systemClock, silentLogger);
    try {
      const slow = await patient.start({ port: 0, headersTimeoutMs: 60_000, requestTimeoutMs: 120_000 });
      const control = await dripForever(slow, 'POST /slow HTTP/1.1\r\nHost: x\r\n', 'X-Drip: 1\r\n');
      const address = await fixture.listener.start({ port: 0, headersTimeoutMs: 300, requestTimeoutMs: 600 });
      const sender = await dripForever(address, 'POST /slow HTTP/1.1\r\nHost: x\r\n', 'X-Drip: 1\r\n');
      assert.match(await sender.closed, /^HTTP\/1\.1 408 /);
      assert.equal(control.open, true, 'the sender with the longer headers timeout is still connected');
      control.end();
      assert.equal(fixture.store.size, 0);
    } finally {
      await patient.stop();
    }
  });

  it('closes a request whose body trickles past the request timeout', async () => {
    const patient = new HookListener(fixture.store, systemClock, silentLogger);
    const head = 'POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n';
    try {
      const slow = await patient.start({ port: 0, headersTimeoutMs: 300, requestTimeoutMs: 60_000 });
      const control = await dripForever(slow, head, 'x');
      const address = await fixture.listener.start({ port: 0, headersTimeoutMs: 300, requestTimeoutMs: 600 });
      const sender = await dripForever(address, head, 'x');
      assert.match(await sender.closed, /^HTTP\/1\.1 408 /);
      assert.equal(control.open, true, 'the sender with the longer request timeout is still connected');
      control.end();
      assert.equal(fixture.store.size, 0);
    } finally {
      await patient.stop();
    }
  });

  it('answers 400 to a malformed request line and keeps listening', async () => {
    const address = await fixture.listener.start({ port: 0 });
    const result = await rawExchange(address, ['NOT HTTP AT ALL\r\n\r\n']);
    assert.match(result.text, /^HTTP\/1\.1 400 /);
    assert.equal((await send(`${address.url}/ok`, { body: 'fine' })).status, 200);
  });

  it('stores 100,000 levels of nesting raw and renders it without crashing', async () => {
    const address = await fixture.listener.start({ port: 0 });
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const answer = await send(`${address.url}/deep`, { headers: { 'content-type': 'application/json' }, body: deep });
    assert.equal(answer.status, 200);
    const hook = fixture.store.list()[0];
    assert.ok(hook);
    const body = (await fixture.store.readBody(hook.id)) ?? new Uint8Array();
    assert.equal(Buffer.from(body).toString(), deep);
    assert.ok(renderHookDocument(hook, body).text.includes(deep));
  });

  it('leaves large bodies to be inspected when shown, so receiving stays fast', async () => {
    const address = await fixture.listener.start({ port: 0 });
    const large = `{"type":"big.event","pad":"${'x'.repeat(20_000)}"`; // unterminated: invalid JSON
    await send(`${address.url}/large`, { headers: { 'content-type': 'application/json' }, body: large });
    const small = '{"type":"small.event"}';
    await send(`${address.url}/small`, { headers: { 'content-type': 'application/json' }, body: small });
    const [smallHook, largeHook] = fixture.store.newest(2);
    assert.equal(smallHook?.event, 'small.event');
    assert.equal(smallHook?.uninspected, undefined);
    assert.equal(largeHook?.uninspected, true);
    assert.deepEqual(largeHook?.flags, []);
    const later = inspectBody(
      largeHook?.headers ?? [],
      (await fixture.store.readBody(largeHook?.id ?? '')) ?? new Uint8Array(),
      'application/json',
    );
    assert.deepEqual(later.flags, ['invalid-json']);
  });

  it('flags JSON that does not parse, including unbalanced deep nesting, and never flags non-JSON types', () => {
    const flagsFor = (body: string, type: string): unknown => inspectBody([], Buffer.from(body), type).flags;
    assert.deepEqual(flagsFor('['.repeat(100_000), 'application/json'), ['invalid-json']);
    assert.deepEqual(flagsFor('['.repeat(100_000) + ']'.repeat(100_000), 'application/json'), []);
    assert.deepEqual(flagsFor('{"__proto__":{"x":1}}', 'application/vnd.api+json'), []);
    assert.deepEqual(flagsFor('not json', 'text/plain'), []);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });
});
