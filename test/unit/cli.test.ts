import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { DurableHookStore } from '../../src/core/store/durable';
import { killChildren, listJson, listen, run, start } from './cliProcess';
import { send, sendRaw, startServer, tempDir } from './helpers';
import { makeHook } from './store/fixtures/hooks';

/** Control characters a terminal acts on; text output must have none but the newlines ending its lines. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('pushpull CLI (the real executable)', function () {
  this.timeout(30_000);
  let store: string;

  beforeEach(async () => {
    store = await tempDir('pushpull-cli-');
  });
  afterEach(async () => {
    await killChildren();
    await fs.rm(store, { recursive: true, force: true });
  });

  it('listens on a free port, stores hooks, lists and shows them, and exits 0 on SIGTERM', async () => {
    const { child, url, exited } = await listen(['--store', store, '--port', '0']);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(url, 'http://127.0.0.1:0');
    const binary = Buffer.from([0x00, 0xff, 0x80, 0x0a, 0x7b]);
    const answer = await send(`${url}/stripe/events?a=1&a=2`, {
      headers: { 'content-type': 'application/octet-stream' },
      body: binary,
    });
    assert.equal(answer.status, 200);
    const { id } = JSON.parse(answer.body.toString()) as { id: string };

    // Read-only while the listener still runs.
    const listed = await run(['hooks', 'list', '--store', store, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const hooks = JSON.parse(listed.stdout.toString()) as Array<Record<string, unknown>>;
    assert.equal(hooks.length, 1);
    assert.equal(hooks[0]?.id, id);
    assert.equal(hooks[0]?.method, 'POST');
    assert.equal(hooks[0]?.path, '/stripe/events');
    assert.deepEqual(hooks[0]?.query, [
      ['a', '1'],
      ['a', '2'],
    ]);
    assert.equal(hooks[0]?.bodySize, 5);
    assert.match(String(hooks[0]?.bodySha256), /^[0-9a-f]{64}$/);

    const raw = await run(['hooks', 'show', id, '--store', store, '--raw']);
    assert.equal(raw.code, 0);
    assert.deepEqual(raw.stdout, binary);

    const text = await run(['hooks', 'list', '--store', store]);
    assert.match(text.stdout.toString(), new RegExp(`^${id} .* POST +/stripe/events\\?a=1&a=2 `, 'm'));

    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  it('answers with the routes from --routes FILE', async () => {
    const routes = path.join(store, '..', `${path.basename(store)}-routes.json`);
    await fs.writeFile(
      routes,
      JSON.stringify([{ name: 'gh', pathPrefix: '/gh', response: { status: 202, body: 'ok' } }]),
    );
    const { child, url, exited } = await listen(['--store', store, '--port', '0', '--routes', routes]);
    try {
      const answer = await send(`${url}/gh/push`, { body: '{}' });
      assert.equal(answer.status, 202);
      assert.equal(answer.body.toString(), 'ok');
    } finally {
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      await fs.rm(routes, { force: true });
    }
  });

  it("checks signatures with secrets from --secret and from a route's secretEnv", async () => {
    const routes = path.join(store, '..', `${path.basename(store)}-signed.json`);
    await fs.writeFile(
      routes,
      JSON.stringify([
        { name: 'gh', pathPrefix: '/gh', provider: 'github' },
        { name: 'shop', pathPrefix: '/shop', provider: 'shopify', secretEnv: 'SHOP_SECRET' },
      ]),
    );
    const child = start(['listen', '--store', store, '--port', '0', '--routes', routes, '--secret', 'gh=s3cret'], {
      env: { ...process.env, SHOP_SECRET: 'shh' },
    });
    const exited = new Promise<number | null>((done) => child.on('close', done));
    const url = await new Promise<string>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim().split(' ').pop() ?? '')),
    );
    try {
      const body = '{"a":1}';
      const { createHmac } = await import('node:crypto');
      await send(`${url}/gh/push`, {
        headers: { 'x-hub-signature-256': `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}` },
        body,
      });
      await send(`${url}/shop/orders`, {
        headers: { 'x-shopify-hmac-sha256': createHmac('sha256', 'nope').update(body).digest('base64') },
        body,
      });
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      await fs.rm(routes, { force: true });
    }
    const listed = JSON.parse((await run(['hooks', 'list', '--store', store, '--json'])).stdout.toString()) as Array<{
      path: string;
      verdict: { status: string; provider: string };
    }>;
    assert.deepEqual(
      listed.map((h) => [h.path, h.verdict.status, h.verdict.provider]),
      [
        ['/shop/orders', 'invalid', 'shopify'],
        ['/gh/push', 'valid', 'github'],
      ],
    );
    const bad = await run(['listen', '--store', store, '--routes', routes, '--secret', 'nope']);
    assert.equal(bad.code, 2);
  });

  it('prints a complete JSON array for many hooks even when piped', async () => {
    // 300 hooks from one address as fast as they go: no hooks-per-second limit.
    const flags = ['--store', store, '--port', '0', '--max-hooks', '0', '--max-hooks-per-second', '0'];
    const { child, url, exited } = await listen(flags);
    const body = JSON.stringify({ filler: 'x'.repeat(2000) });
    for (let i = 0; i < 300; i += 30) {
      await Promise.all(Array.from({ length: 30 }, (_, j) => send(`${url}/n/${i + j}`, { body })));
    }
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const listed = await run(['hooks', 'list', '--store', store, '--json']);
    const hooks = JSON.parse(listed.stdout.toString()) as unknown[];
    assert.equal(hooks.length, 300);
  });

  it('verify: a bad --signature-header name and an option value starting with a dash are usage errors, on one line', async () => {
    const badName = await run(['verify', '--provider', 'hmac', '--secret', 's', '--signature-header', 'X Sig']);
    assert.equal(badName.code, 2);
    assert.match(badName.stderr, /^pushpull verify: --signature-header "X Sig" is not a valid header name.*\n$/);
    const dash = await run(['verify', '--provider', 'github', '--secret', '-abc']);
    assert.equal(dash.code, 2);
    assert.equal(dash.stderr.split('\n').length, 2, dash.stderr);
    assert.match(dash.stderr, /--secret=-XYZ/);
  });

  it('errors with one clear line and exit 2: unknown flag, missing store, port in use', async () => {
    const unknown = await run(['listen', '--store', store, '--bogus']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^pushpull: .*--bogus.*\n$/);

    const missing = await run(['hooks', 'list', '--store', path.join(store, 'nope')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^pushpull: No hook store at .*nope/);
    assert.equal(missing.stderr.trim().split('\n').length, 1);

    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const inUse = await run(['listen', '--store', store, '--port', String(port)]);
      assert.equal(inUse.code, 2);
      assert.match(inUse.stderr, new RegExp(`^pushpull: Port ${port} on 127\\.0\\.0\\.1 is already in use\\.\\n$`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }

    const noStore = await run(['listen']);
    assert.equal(noStore.code, 2);
    assert.match(noStore.stderr, /--store/);

    for (const [flag, value] of [
      ['--max-body', '99999999999999999999999'],
      ['--max-body', '4294967296'],
      ['--max-hooks', '99999999999999999999999999'],
    ] as const) {
      const tooBig = await run(['listen', '--store', store, flag, value]);
      assert.equal(tooBig.code, 2, `${flag} ${value}`);
      assert.match(tooBig.stderr, new RegExp(`^pushpull: ${flag} must be at most \\d+, not ${value}\\n$`));
    }

    // Node's parser explains a value that looks like a flag over several lines; it stays one.
    const dashed = await run(['listen', '--store', store, '--secret', '-abc']);
    assert.equal(dashed.code, 2);
    assert.match(dashed.stderr, /^pushpull: .*--secret=-XYZ.*\n$/);
  });
  it('lists every field of each hook in text: summary line, then sha256, content type, flags, event, forward, query, headers', async () => {
    const target = await startServer((_req, res) => {
      res.writeHead(201);
      res.end('made');
    });
    const routes = path.join(store, '..', `${path.basename(store)}-fwd.json`);
    await fs.writeFile(routes, JSON.stringify([{ name: 'relay', pathPrefix: '/relay', forwardTo: target.url }]));
    try {
      const { child, url, exited } = await listen(['--store', store, '--port', '0', '--routes', routes]);
      const answer = await send(`${url}/relay/in?a=1&b=two%20words`, {
        headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-token': 'abc' },
        body: '{"action":"opened"}',
      });
      const { id } = JSON.parse(answer.body.toString()) as { id: string };
      // The forward result is recorded after the answer.
      for (let i = 0; i < 100 && !(await listJson(store))[0]?.forward; i++) await delay(20);
      child.kill('SIGTERM');
      assert.equal(await exited, 0);

      const [json] = await listJson(store);
      const text = await run(['hooks', 'list', '--store', store, '--long']);
      assert.equal(text.code, 0, text.stderr);
      const lines = text.stdout.toString().split('\n');
      assert.equal(lines.pop(), '');
      assert.match(
        lines[0]!,
        new RegExp(
          `^${id}  \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z  POST +/relay/in\\?a=1&b=two%20words  push\\.opened  19 B  200  application/json  -  → 201$`,
        ),
      );
      const details = lines.slice(1);
      assert.ok(
        details.every((line) => line.startsWith('  ')),
        details.join('\n'),
      );
      assert.ok(details.includes(`  sha256: ${String(json?.bodySha256)}`), details.join('\n'));
      assert.match(String(json?.bodySha256), /^[0-9a-f]{64}$/);
      assert.ok(details.includes('  content-type: application/json'));
      assert.ok(details.includes('  flags: -'));
      assert.ok(details.includes('  event: push.opened'));
      assert.ok(details.includes('  route: relay'));
      assert.ok(
        details.some((line) => new RegExp(`^  forward: ${target.url}/ → 201 in \\d+ ms$`).test(line)),
        details.join('\n'),
      );
      const query = details.indexOf('  query:');
      assert.deepEqual(details.slice(query + 1, query + 3), ['    a=1', '    b=two words']);
      const headers = details.indexOf('  headers:');
      assert.ok(headers > 0);
      const headerLines = details.slice(headers + 1);
      for (const [name, value] of json?.headers as Array<[string, string]>) {
        assert.ok(headerLines.includes(`    ${name}: ${value}`), `${name}: ${value} in\n${headerLines.join('\n')}`);
      }
      assert.ok(headerLines.includes('    x-token: abc'));
    } finally {
      await target.close();
      await fs.rm(routes, { force: true });
    }
  });

  it('escapes control characters from the network in text hooks list, so no value adds lines or escape sequences', async () => {
    const { child, url, exited } = await listen(['--store', store, '--port', '0']);
    const body = JSON.stringify({ type: 'ev\nfake line\u001b[31m\u2028' });
    // Exact bytes on the wire: 0x9b is the one-byte CSI, 0x85 the one-byte NEL (header values read as latin1).
    const status = await sendRaw(
      url,
      Buffer.concat([
        Buffer.from(
          'POST /evil?x=%0D%0A01234567890123-000000%1B%5B2J&y=%E2%80%AE HTTP/1.1\r\nHost: h\r\n' +
            `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\nX-Evil: `,
        ),
        Buffer.from([0x61, 0x9b, 0x33, 0x31, 0x6d, 0x85, 0x62, 0x09, 0x63]),
        Buffer.from(`\r\n\r\n${body}`),
      ]),
    );
    assert.equal(status, 'HTTP/1.1 200 OK');
    child.kill('SIGTERM');
    assert.equal(await exited, 0);

    const text = await run(['hooks', 'list', '--store', store, '--long']);
    assert.equal(text.code, 0, text.stderr);
    const out = text.stdout.toString();
    assert.doesNotMatch(out, CONTROL);
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.filter((line) => !line.startsWith('  ')).length, 1, out);
    assert.ok(lines.includes('    X-Evil: a\\x9b31m\\x85b\\tc'), out);
    assert.ok(lines.includes('    x=\\r\\n01234567890123-000000\\x1b[2J'), out);
    assert.ok(lines.includes('    y=\\u202e'), out);
    // Event names are made safe when the hook arrives: control characters become U+FFFD.
    assert.ok(lines.includes('  event: ev\ufffdfake line\ufffd[31m\ufffd'), out);

    // hooks show prints the same values as JSON escapes, which read back as they were.
    const [hook] = await listJson(store);
    const shown = await run(['hooks', 'show', String(hook?.id), '--store', store]);
    assert.doesNotMatch(shown.stdout.toString().replace(/\n/g, ''), CONTROL);
    const parsed = JSON.parse(shown.stdout.toString()) as { headers: Array<[string, string]>; event: string };
    assert.ok(parsed.headers.some(([n, v]) => n === 'X-Evil' && v === 'a\u009b31m\u0085b\tc'));
    assert.equal(parsed.event, 'ev\ufffdfake line\ufffd[31m\ufffd');

    // So does hooks list --json, with zero-width and bidi marks escaped too.
    const listed = await run(['hooks', 'list', '--store', store, '--json']);
    const raw = listed.stdout.toString();
    assert.doesNotMatch(raw.replace(/\n/g, ''), CONTROL);
    assert.ok(raw.includes('a\\u009b31m\\u0085b\\tc'), raw);
    assert.ok(raw.includes('"y","\\u202e"'), raw);
    const [again] = JSON.parse(raw) as Array<{ headers: Array<[string, string]> }>;
    assert.ok(again?.headers.some(([n, v]) => n === 'X-Evil' && v === 'a\u009b31m\u0085b\tc'));
  });

  it('warns on stderr when --host is not a loopback address, and not for 127.0.0.1', async () => {
    const open = await listen(['--store', store, '--port', '0', '--host', '0.0.0.0']);
    try {
      const port = /:(\d+)$/.exec(open.url)?.[1];
      assert.match(open.url, /^http:\/\/0\.0\.0\.0:\d+$/);
      const answer = await send(`http://127.0.0.1:${port}/any`, { body: 'x' });
      assert.equal(answer.status, 200);
    } finally {
      open.child.kill('SIGTERM');
      assert.equal(await open.exited, 0);
    }
    assert.equal(open.stderr(), 'warning: listening on 0.0.0.0 — anyone who can reach this machine can send hooks\n');

    const local = await listen(['--store', store, '--port', '0', '--host', '127.0.0.1']);
    await send(`${local.url}/any`, { body: 'x' });
    local.child.kill('SIGTERM');
    assert.equal(await local.exited, 0);
    assert.equal(local.stderr(), '');
  });

  it('inspects large bodies (not inspected on arrival) in hooks list and hooks show: invalid JSON is flagged', async () => {
    const { child, url, exited } = await listen(['--store', store, '--port', '0']);
    const invalid = `{"filler":"${'x'.repeat(20 * 1024)}"`;
    const bad = await send(`${url}/big/bad`, { headers: { 'content-type': 'application/json' }, body: invalid });
    const good = await send(`${url}/big/good`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'charge.succeeded', filler: 'y'.repeat(20 * 1024) }),
    });
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const badId = (JSON.parse(bad.body.toString()) as { id: string }).id;
    const goodId = (JSON.parse(good.body.toString()) as { id: string }).id;

    const hooks = await listJson(store);
    assert.deepEqual(
      hooks.map((h) => [h.id, h.flags, h.event, 'uninspected' in h]),
      [
        [goodId, [], 'charge.succeeded', false],
        [badId, ['invalid-json'], null, false],
      ],
    );

    const text = (await run(['hooks', 'list', '--store', store, '--long'])).stdout.toString();
    assert.match(text, new RegExp(`^${badId} .* /big/bad  \\d+ B  200  application/json  invalid-json$`, 'm'));
    assert.ok(text.split('\n').includes('  flags: invalid-json'), text);
    assert.ok(text.split('\n').includes('  event: charge.succeeded'), text);
    assert.doesNotMatch(text, /uninspected/);

    const shown = await run(['hooks', 'show', badId, '--store', store]);
    assert.equal(shown.code, 0, shown.stderr);
    const hook = JSON.parse(shown.stdout.toString()) as Record<string, unknown>;
    assert.deepEqual(hook.flags, ['invalid-json']);
    assert.equal('uninspected' in hook, false);
    const shownGood = JSON.parse((await run(['hooks', 'show', goodId, '--store', store])).stdout.toString()) as {
      event: string;
    };
    assert.equal(shownGood.event, 'charge.succeeded');
  });

  it('listen inspects large bodies once they are stored, so hooks list finds them inspected', async function () {
    this.timeout(60_000);
    const { child, url, exited } = await listen(['--store', store, '--port', '0']);
    const body = Buffer.alloc(22 * 1024 * 1024, 'x');
    body[0] = 0x7b;
    const answer = await send(`${url}/huge`, { headers: { 'content-type': 'application/json' }, body });
    assert.equal(answer.status, 200);
    const id = (JSON.parse(answer.body.toString()) as { id: string }).id;
    // Stopping waits for the inspection under way.
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const hooks = await listJson(store);
    assert.deepEqual(
      hooks.map((h) => [h.id, h.flags, h.uninspected]),
      [[id, ['invalid-json'], undefined]],
    );
  });

  it('hooks list inspects at most 64 MiB of large bodies, newest first; older ones stay uninspected', async function () {
    this.timeout(60_000);
    // Three invalid 22 MiB bodies stored uninspected (by a listener stopped before it inspected them): the
    // newest two fit in 64 MiB, the oldest does not.
    const body = Buffer.alloc(22 * 1024 * 1024, 'x');
    body[0] = 0x7b;
    const writer = await DurableHookStore.open(store);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const hook = makeHook(i, body, { url: `/huge/${i}`, path: `/huge/${i}`, query: [], uninspected: true });
      await writer.add(hook);
      ids.push(hook.id);
    }
    await writer.close();

    const hooks = await listJson(store);
    assert.deepEqual(
      hooks.map((h) => [h.id, h.flags, h.uninspected]),
      [
        [ids[2], ['invalid-json'], undefined],
        [ids[1], ['invalid-json'], undefined],
        [ids[0], [], true],
      ],
    );
    const text = (await run(['hooks', 'list', '--store', store])).stdout.toString();
    assert.match(text, new RegExp(`^${ids[0]} .* /huge/0 .*  uninspected$`, 'm'));
    assert.match(text, new RegExp(`^${ids[2]} .* /huge/2 .*  invalid-json$`, 'm'));
    // hooks show reads the one body it shows, whatever its size.
    const shown = JSON.parse((await run(['hooks', 'show', ids[0]!, '--store', store])).stdout.toString()) as {
      flags: string[];
    };
    assert.deepEqual(shown.flags, ['invalid-json']);
  });

  it('hooks show ID without --raw prints the hook as JSON: metadata and its text body as text', async () => {
    const { child, url, exited } = await listen(['--store', store, '--port', '0']);
    const answer = await send(`${url}/shown/here?k=v`, {
      headers: { 'content-type': 'text/plain', 'x-one': '1' },
      body: 'hello',
    });
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const { id } = JSON.parse(answer.body.toString()) as { id: string };

    const shown = await run(['hooks', 'show', id, '--store', store]);
    assert.equal(shown.code, 0, shown.stderr);
    const hook = JSON.parse(shown.stdout.toString()) as Record<string, unknown>;
    assert.equal(hook.id, id);
    assert.equal(hook.method, 'POST');
    assert.equal(hook.url, '/shown/here?k=v');
    assert.equal(hook.path, '/shown/here');
    assert.deepEqual(hook.query, [['k', 'v']]);
    assert.ok((hook.headers as Array<[string, string]>).some(([n, v]) => n === 'x-one' && v === '1'));
    assert.equal(hook.contentType, 'text/plain');
    assert.equal(hook.bodySize, 5);
    assert.equal(hook.bodySha256, createHash('sha256').update('hello').digest('hex'));
    assert.equal(hook.answerStatus, 200);
    assert.deepEqual(hook.flags, []);
    assert.equal(hook.body, 'hello');
    assert.equal(hook.bodyEncoding, 'utf8');
    assert.match(String(hook.receivedAt), /^\d{4}-\d\d-\d\dT.*Z$/);

    const missing = await run(['hooks', 'show', '00000000000000-000000', '--store', store]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^pushpull: no hook 00000000000000-000000 in /);
  });

  it('--max-hooks N keeps the newest N hooks, and --max-hooks 0 keeps them all', async () => {
    const sendMany = async (args: string[], count: number): Promise<void> => {
      const { child, url, exited } = await listen(['--store', store, '--port', '0', ...args]);
      for (let i = 0; i < count; i++) await send(`${url}/n/${i}`, { body: String(i) });
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    };
    await sendMany(['--max-hooks', '5'], 30);
    assert.deepEqual(
      (await listJson(store)).map((h) => h.path),
      ['/n/29', '/n/28', '/n/27', '/n/26', '/n/25'],
    );

    await fs.rm(store, { recursive: true, force: true });
    await sendMany(['--max-hooks', '0'], 30);
    assert.equal((await listJson(store)).length, 30);
  });

  it('--max-body BYTES answers a larger body with 413 and does not store it', async () => {
    const { child, url, exited } = await listen(['--store', store, '--port', '0', '--max-body', '100']);
    try {
      const fits = await send(`${url}/fits`, { body: 'a'.repeat(100) });
      assert.equal(fits.status, 200);
      const over = await send(`${url}/over`, { body: 'a'.repeat(101) });
      assert.equal(over.status, 413);
      assert.deepEqual(JSON.parse(over.body.toString()), { error: 'payload_too_large', limit: 100 });
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
    assert.deepEqual(
      (await listJson(store)).map((h) => [h.path, h.bodySize]),
      [['/fits', 100]],
    );
  });

  it('keeps listening when the reader of its first line goes away (`| head -1`)', async () => {
    const { nextFreePort } = await import('../../src/core/hooks/freePort');
    const port = await nextFreePort('127.0.0.1', 20000);
    assert.ok(port);
    const child = start(['listen', '--store', store, '--port', String(port)]);
    const exited = new Promise<number | null>((done) => child.on('close', done));
    child.stdout.destroy();
    let answered = 0;
    for (let attempt = 0; attempt < 100 && answered !== 200; attempt++) {
      await delay(50);
      answered = await send(`http://127.0.0.1:${port}/after-reader-left`, { body: '{}' }).then(
        (r) => r.status,
        () => 0,
      );
    }
    assert.equal(answered, 200);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.ok((await listJson(store)).some((hook) => hook.path === '/after-reader-left'));
  });

  it('exits without a stack trace when the reader of its output goes away', async () => {
    const { child, url, exited } = await listen(['--store', store, '--port', '0', '--max-hooks', '0']);
    const pad = 'p'.repeat(2000);
    for (let i = 0; i < 200; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, j) => send(`${url}/n/${i + j}`, { headers: { 'x-pad': pad }, body: '{}' })),
      );
    }
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const [first] = await listJson(store);

    /** Runs the CLI with stdout piped, closing the pipe after the first chunk, or at once with `early`. */
    const closeEarly = (
      args: string[],
      early = false,
    ): Promise<{ code: number | null; stderr: string; read: number }> =>
      new Promise((resolve, reject) => {
        const cli = start(args);
        let stderr = '';
        let read = 0;
        cli.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        if (early) cli.stdout.destroy();
        else
          cli.stdout.once('data', (d: Buffer) => {
            read = d.length;
            cli.stdout.destroy();
          });
        cli.on('error', reject);
        cli.on('close', (code) => resolve({ code, stderr, read }));
      });

    for (const args of [
      ['hooks', 'list', '--store', store, '--json'],
      ['hooks', 'list', '--store', store],
    ]) {
      const result = await closeEarly(args);
      assert.ok(result.read > 0);
      assert.equal(result.stderr, '', args.join(' '));
      assert.equal(result.code, 0, args.join(' '));
    }
    for (const args of [
      ['hooks', 'list', '--store', store, '--json'],
      ['hooks', 'show', String(first?.id), '--store', store],
      ['hooks', 'show', String(first?.id), '--store', store, '--raw'],
      ['help'],
    ]) {
      const result = await closeEarly(args, true);
      assert.equal(result.stderr, '', args.join(' '));
      assert.equal(result.code, 0, args.join(' '));
    }
  });
});
