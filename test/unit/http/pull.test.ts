import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { RequestError } from '../../../src/core/http/errors';
import { ConnectionPool } from '../../../src/core/http/pool';
import { pull } from '../../../src/core/http/pull';
import type { OutgoingRequest } from '../../../src/core/model/pulled';
import { bytesOf, echo, httpServer, tempFolder, type TestServer } from './servers';

function get(url: string, headers: Array<[string, string]> = []): OutgoingRequest {
  return { method: 'GET', url, headers, body: { kind: 'none' } };
}

interface Echoed {
  method: string;
  url: string;
  headers: string[];
  body: string;
}

async function echoed(response: { decoded: Parameters<typeof bytesOf>[0] }): Promise<Echoed> {
  return JSON.parse((await bytesOf(response.decoded)).toString('utf8')) as Echoed;
}

function header(raw: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]?.toLowerCase() === name) values.push(raw[i + 1] ?? '');
  return values;
}

describe('pull: sending a request', () => {
  let server: TestServer;
  let spillDir: string;
  before(async () => {
    server = await httpServer(echo);
    spillDir = path.join(await tempFolder(), 'spill');
  });
  after(() => server.close());

  it('sends method, headers in their order and a body, and returns status, reason, headers and body', async () => {
    const response = await pull(
      {
        method: 'post',
        url: `${server.url}/items?a=1`,
        headers: [
          ['X-B', '2'],
          ['X-A', '1'],
          ['X-B', '3'],
        ],
        body: { kind: 'bytes', bytes: Buffer.from('hello') },
      },
      { spillDir },
    );
    assert.equal(response.status, 200);
    assert.equal(response.statusText, 'OK');
    assert.equal(response.url, `${server.url}/items?a=1`);
    assert.deepEqual(response.redirects, []);
    assert.equal(response.truncated, false);
    assert.equal(response.raw, response.decoded);
    const seen = await echoed(response);
    assert.equal(seen.method, 'POST');
    assert.equal(seen.url, '/items?a=1');
    assert.equal(seen.body, 'hello');
    const names = seen.headers.filter((_, i) => i % 2 === 0 && /^x-/i.test(seen.headers[i] ?? ''));
    assert.deepEqual(names, ['X-B', 'X-A', 'X-B']);
    assert.ok(response.headers.some(([n, v]) => n.toLowerCase() === 'content-type' && v === 'application/json'));
  });

  it('sends its User-Agent unless the request has one, and Accept-Encoding only when asked', async () => {
    const plain = await echoed(await pull(get(server.url), { spillDir, userAgent: 'PushPull/9.9.9' }));
    assert.deepEqual(header(plain.headers, 'user-agent'), ['PushPull/9.9.9']);
    assert.deepEqual(header(plain.headers, 'accept-encoding'), []);
    const own = await echoed(
      await pull(get(server.url, [['user-agent', 'curl/8']]), {
        spillDir,
        userAgent: 'PushPull/9.9.9',
        acceptEncoding: 'gzip, br',
      }),
    );
    assert.deepEqual(header(own.headers, 'user-agent'), ['curl/8']);
    assert.deepEqual(header(own.headers, 'accept-encoding'), ['gzip, br']);
  });

  it('completes a URL without a scheme: http:// for loopback hosts', async () => {
    const response = await pull(get(`localhost:${server.port}/echo`), { spillDir });
    assert.equal(response.status, 200);
    assert.equal(response.url, `http://localhost:${server.port}/echo`);
    assert.equal((await echoed(response)).url, '/echo');
  });

  it('refuses other schemes and text that is no URL, with stable codes', async () => {
    await assert.rejects(pull(get('ftp://example.com/x'), { spillDir }), { code: 'UNSUPPORTED_PROTOCOL' });
    await assert.rejects(pull(get('http://exa mple.com'), { spillDir }), { code: 'INVALID_URL' });
  });

  it('refuses headers the client makes itself, saying which to remove', async () => {
    await assert.rejects(pull(get(server.url, [['Transfer-Encoding', 'chunked']]), { spillDir }), (error: unknown) => {
      assert.ok(error instanceof RequestError);
      assert.equal(error.code, 'INVALID_HEADER');
      assert.match(error.message, /Remove the Transfer-Encoding header/);
      return true;
    });
  });

  it('streams a file body from disk with its length', async () => {
    const file = path.join(await tempFolder(), 'upload.bin');
    await fs.writeFile(file, 'x'.repeat(100_000));
    const seen = await echoed(
      await pull(
        { method: 'PUT', url: server.url, headers: [], body: { kind: 'file', path: file, size: 100_000 } },
        { spillDir },
      ),
    );
    assert.equal(seen.body.length, 100_000);
    assert.deepEqual(header(seen.headers, 'content-length'), ['100000']);
  });

  it('sends user:password@ in the URL as Basic auth and never shows it in the answer URL', async () => {
    const response = await pull(get(server.url.replace('http://', 'http://me:s%3Acret@')), { spillDir });
    assert.deepEqual(header((await echoed(response)).headers, 'authorization'), [
      `Basic ${Buffer.from('me:s:cret').toString('base64')}`,
    ]);
    assert.equal(response.url, `${server.url}/`);
  });

  it('times each phase, and says when the second request reused the pooled connection', async () => {
    const pool = new ConnectionPool();
    try {
      const first = await pull(get(`http://localhost:${server.port}/1`), { spillDir, pool });
      const second = await pull(get(`http://localhost:${server.port}/2`), { spillDir, pool });
      assert.equal(first.timings.reusedConnection, false);
      assert.ok(first.timings.dns !== undefined && first.timings.dns >= 0, 'localhost is looked up');
      assert.ok(first.timings.connect !== undefined && first.timings.connect >= 0);
      assert.equal(first.timings.tls, undefined);
      assert.ok(first.timings.firstByte >= 0 && first.timings.download >= 0);
      assert.ok(first.timings.total >= first.timings.firstByte + first.timings.download);
      assert.equal(second.timings.reusedConnection, true);
      assert.equal(second.timings.dns, undefined);
      assert.equal(second.timings.connect, undefined);
    } finally {
      await pool.close();
    }
  });

  it('opens a connection of its own without a pool (no reuse between requests)', async () => {
    await pull(get(server.url), { spillDir });
    const second = await pull(get(server.url), { spillDir });
    assert.equal(second.timings.reusedConnection, false);
    assert.ok(second.timings.connect !== undefined);
    assert.equal(second.timings.dns, undefined, 'an IP address is not looked up');
  });

  it('reports a refused connection and an unknown host with stable codes', async () => {
    const gone = await httpServer(echo);
    await gone.close();
    await assert.rejects(pull(get(gone.url), { spillDir }), { code: 'CONNECTION_REFUSED' });
    await assert.rejects(pull(get('http://no-such-host.invalid/'), { spillDir }), { code: 'HOST_NOT_FOUND' });
  });
});

describe('pull: headers undici cannot send', () => {
  it('says INVALID_HEADER for a value with a line break', async () => {
    const server = await httpServer(echo);
    try {
      await assert.rejects(
        pull(get(server.url, [['X-Evil', 'a\r\nInjected: yes']]), { spillDir: await tempFolder() }),
        { code: 'INVALID_HEADER' },
      );
    } finally {
      await server.close();
    }
  });
});
