import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import examples from '@octokit/webhooks-examples';
import { systemClock, systemTimers } from '../../../src/core/clock';
import type { HookMeta } from '../../../src/core/model/hook';
import { PushSide } from '../../../src/core/push/session';
import { RelayChannel, relayKeysOf } from '../../../src/core/relay/channel';
import { forwarder, send, startServer, tempDir, waitUntil } from '../helpers';
import { ManualTimers } from '../manualTimers';
import { RecordingLogger } from '../store/fixtures/hooks';
import { type RelayStyle, SmeeRelay } from './smeeRelay';

const SECRET = 'relay-s3cret';
const retention = { maxHooks: 0, maxBytes: 0 };

/** Real GitHub payloads, each with the event name GitHub sends it under. */
const payloads = examples.flatMap((d) => d.examples.slice(0, 1).map((e) => ({ event: d.name, payload: e })));

/** Sends a payload to the relay as GitHub would: its bytes signed with the secret. */
async function deliver(relay: SmeeRelay, index: number, bytes: string): Promise<void> {
  const { event } = payloads[index % payloads.length] as { event: string };
  const signature = `sha256=${createHmac('sha256', SECRET).update(bytes).digest('hex')}`;
  const answer = await send(`${relay.channelUrl()}?source=github`, {
    method: 'POST',
    body: bytes,
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': `delivery-${index}`,
      'x-hub-signature-256': signature,
    },
  });
  assert.ok(answer.status === 200 || answer.status === 202);
}

describe('RelayChannel (a smee-compatible channel into the push session)', function () {
  this.timeout(20_000);
  let dir: string;
  let logger: RecordingLogger;
  let push: PushSide;
  const cleanups: Array<() => Promise<void>> = [];

  async function setUp(
    style: RelayStyle,
    options: { timers?: ManualTimers; forwardTo?: string } = {},
  ): Promise<{ relay: SmeeRelay; channel: RelayChannel; kept: HookMeta[] }> {
    const relay = await SmeeRelay.start(style);
    cleanups.push(() => relay.close());
    push = new PushSide({
      location: dir,
      owner: 'test',
      clock: systemClock,
      logger,
      retention: () => retention,
      forwarder,
    });
    cleanups.push(() => push.dispose());
    const route = {
      name: 'github',
      pathPrefix: '/github',
      provider: 'github' as const,
      ...(options.forwardTo ? { forwardTo: options.forwardTo } : {}),
    };
    await push.start(() =>
      Promise.resolve({
        port: 0,
        routes: [route],
        secretFor: (name: string) => (name === 'github' ? SECRET : undefined),
      }),
    );
    const channel = new RelayChannel({
      place: { url: relay.channelUrl(), path: '/github' },
      deliver: (request) => push.receiveRelayed(request),
      storedKeys: () => relayKeysOf(push.store),
      timers: options.timers ?? systemTimers,
      logger,
      maxEventBytes: 1024 * 1024,
      userAgent: 'PushPull-test (smee and gosmee compatible)',
    });
    cleanups.push(() => channel.close());
    const kept: HookMeta[] = [];
    channel.onDidDeliver((hook) => kept.push(hook));
    channel.start();
    await relay.connected(1);
    await waitUntil(() => channel.state === 'open');
    return { relay, channel, kept };
  }

  beforeEach(async () => {
    dir = path.join(await tempDir('pushpull-relay-'), 'hooks');
    logger = new RecordingLogger();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await fs.rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('keeps the exact bytes gosmee relays (bodyB): real GitHub payloads verify, marked as relayed', async () => {
    const { relay, kept } = await setUp('gosmee');
    const bodies = payloads.slice(0, 5).map((p) => JSON.stringify(p.payload, null, 2));
    for (const [i, body] of bodies.entries()) await deliver(relay, i, body);
    await waitUntil(() => kept.length === bodies.length);
    for (const [i, body] of bodies.entries()) {
      const hook = push.store.list().find((h) => h.relay?.key.includes(`delivery-${i}|`));
      assert.ok(hook, `delivery ${i} kept`);
      assert.equal(Buffer.from((await push.store.readBody(hook.id)) ?? []).toString('utf8'), body);
      assert.equal(hook.verdict?.status, 'valid', JSON.stringify(hook.verdict));
      assert.equal(hook.route, 'github');
      // gosmee passes headers and body, not the query the provider called the channel with.
      assert.equal(hook.url, '/github');
      assert.equal(hook.relay?.rawBody, true);
      assert.equal(hook.relay?.channel, relay.channelUrl());
      assert.equal(hook.event?.split('.')[0], payloads[i]?.event);
    }
    assert.match(relay.userAgents[0] ?? '', /gosmee/, 'a gosmee server streams only to clients that name it');
  });

  it('stores a smee.io body as smee-client forwards it, and the verdict says why it cannot verify', async () => {
    const { relay, kept } = await setUp('smee');
    const payload = payloads[0]?.payload;
    // Sent indented (as Stripe and others send): smee.io parses it, so its bytes cannot come back.
    await deliver(relay, 0, JSON.stringify(payload, null, 2));
    await waitUntil(() => kept.length === 1);
    const [hook] = push.store.list();
    assert.ok(hook);
    assert.equal(Buffer.from((await push.store.readBody(hook.id)) ?? []).toString('utf8'), JSON.stringify(payload));
    assert.equal(hook.relay?.rawBody, false);
    assert.equal(hook.url, '/github?source=github');
    assert.equal(hook.fullUrl, `${relay.channelUrl()}?source=github`);
    assert.equal(hook.verdict?.status, 'invalid');
    assert.equal(hook.verdict?.reason?.code, 'body-mismatch');
    assert.match(
      hook.verdict?.reason?.message ?? '',
      /relay passed this body on as parsed JSON.*no signature can match/,
    );
    assert.equal(hook.headers.find(([name]) => name === 'x-github-delivery')?.[1], 'delivery-0');
  });

  it('connects again after the relay drops the stream, and keeps the resent last event once', async () => {
    const timers = new ManualTimers();
    const { relay, channel, kept } = await setUp('smee', { timers });
    const body = (i: number): string => JSON.stringify(payloads[i]?.payload);
    await deliver(relay, 0, body(0));
    await deliver(relay, 1, body(1));
    await waitUntil(() => kept.length === 2);
    const wait = timers.nextWait();
    relay.dropStreams();
    assert.equal(await wait, 1000, 'the first wait before connecting again');
    await waitUntil(() => channel.state === 'retrying');
    timers.advance(1000);
    await relay.connected(2);
    await waitUntil(() => channel.state === 'open');
    assert.equal(relay.lastEventIds[1], '2', 'the id of the last event read goes with the new request');
    // The relay sends the last event again (as a relay that keeps events does), then a new one.
    relay.resendLast();
    await deliver(relay, 2, body(2));
    await waitUntil(() => kept.length === 3);
    await waitUntil(() => push.store.size === 3);
    const deliveries = push.store.list().map((h) => h.headers.find(([n]) => n === 'x-github-delivery')?.[1]);
    assert.deepEqual(deliveries.sort(), ['delivery-0', 'delivery-1', 'delivery-2']);
  });

  it('does not keep again, after a restart, an event stored before it', async () => {
    const { relay, channel, kept } = await setUp('gosmee');
    await deliver(relay, 0, JSON.stringify(payloads[0]?.payload));
    await waitUntil(() => kept.length === 1);
    await channel.close();
    const again = new RelayChannel({
      place: { url: relay.channelUrl(), path: '/github' },
      deliver: (request) => push.receiveRelayed(request),
      storedKeys: () => relayKeysOf(push.store),
      timers: systemTimers,
      logger,
      maxEventBytes: 1024 * 1024,
      userAgent: 'gosmee-compatible test',
    });
    cleanups.push(() => again.close());
    again.start();
    await relay.connected(2);
    await waitUntil(() => again.state === 'open');
    relay.resendLast();
    await deliver(relay, 1, JSON.stringify(payloads[1]?.payload));
    await waitUntil(() => push.store.size === 2);
    await again.close();
    assert.equal(push.store.size, 2);
  });

  it('keeps the relay mark on disk; a hook received directly has none, as in stores written before relays', async () => {
    const { relay, kept } = await setUp('gosmee');
    await deliver(relay, 0, JSON.stringify(payloads[0]?.payload));
    await waitUntil(() => kept.length === 1);
    const address = push.address;
    assert.ok(address);
    assert.equal((await send(`${address.url}/direct`, { body: '{}' })).status, 200);
    await push.dispose();
    const reader = new PushSide({
      location: dir,
      owner: 'reader',
      clock: systemClock,
      logger,
      retention: () => retention,
    });
    cleanups.push(() => reader.dispose());
    await reader.ready();
    const [direct, relayed] = reader.store.list();
    assert.equal(direct?.path, '/direct');
    assert.equal(direct?.relay, undefined);
    assert.deepEqual(relayed?.relay, kept[0]?.relay);
    assert.equal(relayed?.relay?.rawBody, true);
  });

  it('forwards a relayed hook like one received, and waits longer after each failed connect', async () => {
    const paths: string[] = [];
    const app = await startServer((req, res) => {
      paths.push(req.url ?? '');
      res.end('ok');
    });
    cleanups.push(() => app.close());
    const timers = new ManualTimers();
    const { relay, channel } = await setUp('gosmee', { timers, forwardTo: app.url });
    await deliver(relay, 0, JSON.stringify(payloads[0]?.payload));
    await waitUntil(() => push.store.list()[0]?.forward !== undefined);
    assert.equal(push.store.list()[0]?.forward?.status, 200);
    assert.equal(paths.length, 1);
    relay.refuseWith = 404;
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const wait = timers.nextWait();
      if (i === 0) relay.dropStreams();
      waits.push(await wait);
      timers.advance(waits.at(-1) ?? 0);
      await relay.connected(2 + i);
    }
    assert.deepEqual(waits, [1000, 2000, 4000]);
    await waitUntil(() => channel.lastProblem?.includes('404') === true);
  });

  it('ignores hostile events and reads on: not JSON, bad base64, too deep, too long', async () => {
    const { relay, channel, kept } = await setUp('gosmee');
    relay.writeRaw('data: {not json\n\n');
    relay.writeRaw(`data: ${JSON.stringify({ bodyB: '***' })}\n\n`);
    relay.writeRaw(`data: {"body":${'['.repeat(600)}${']'.repeat(600)}}\n\n`);
    relay.writeRaw(`data: ${JSON.stringify({ ['__proto__']: 'x', 'bad name': 'y', 'x-ok': 'z', bodyB: '' })}\n\n`);
    await waitUntil(() => kept.length === 1);
    const [hook] = push.store.list();
    // `__proto__` is one more header pair, nothing else; a name no header can have is left out.
    assert.deepEqual(hook?.headers, [
      ['__proto__', 'x'],
      ['x-ok', 'z'],
    ]);
    assert.equal(hook?.bodySize, 0);
    assert.equal(logger.at('warn').filter((line) => line.includes('ignored')).length, 3);
    const wait = new Promise<void>((resolve) => channel.onDidChangeState((s) => s === 'retrying' && resolve()));
    relay.writeRaw(`data: ${'x'.repeat(1024 * 1024 + 10)}`);
    await wait;
    assert.match(channel.lastProblem ?? '', /more than 1048576 bytes/);
  });
});
