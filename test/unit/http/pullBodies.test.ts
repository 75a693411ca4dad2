import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { pull } from '../../../src/core/http/pull';
import type { OutgoingRequest } from '../../../src/core/model/pulled';
import { bytesOf, httpServer, tempFolder, type TestServer } from './servers';

function get(url: string): OutgoingRequest {
  return { method: 'GET', url, headers: [], body: { kind: 'none' } };
}

/** A body of `size` bytes that is the same every time and not all one byte. */
function pattern(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return bytes;
}

const JSON_TEXT = JSON.stringify({ hello: 'wörld', list: Array.from({ length: 200 }, (_, i) => i) });

describe('pull: response bodies', () => {
  let spillDir: string;
  let server: TestServer;
  const big = pattern(300_000);
  // Does not compress: cut in half, it decodes to about half, under the cap.
  const noise = randomBytes(300_000);
  const noiseGzip = zlib.gzipSync(noise);
  before(async () => {
    spillDir = path.join(await tempFolder(), 'spill', 'nested');
    server = await httpServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const text = Buffer.from(JSON_TEXT);
      switch (url.pathname) {
        case '/big':
          return res.end(big);
        case '/gzip':
          return res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(text));
        case '/x-gzip':
          return res.writeHead(200, { 'content-encoding': 'x-gzip' }).end(zlib.gzipSync(text));
        case '/deflate':
          return res.writeHead(200, { 'content-encoding': 'deflate' }).end(zlib.deflateSync(text));
        case '/deflate-raw':
          return res.writeHead(200, { 'content-encoding': 'deflate' }).end(zlib.deflateRawSync(text));
        case '/br':
          return res.writeHead(200, { 'content-encoding': 'br' }).end(zlib.brotliCompressSync(text));
        case '/stacked':
          // gzip first, then br: undone br first.
          return res
            .writeHead(200, { 'content-encoding': 'gzip, br' })
            .end(zlib.brotliCompressSync(zlib.gzipSync(text)));
        case '/big-gzip':
          return res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(big));
        case '/noise-gzip':
          return res.writeHead(200, { 'content-encoding': 'gzip' }).end(noiseGzip);
        case '/identity':
          return res.writeHead(200, { 'content-encoding': 'identity' }).end(text);
        case '/broken':
          return res.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all');
        case '/many':
          return res.writeHead(200, { 'content-encoding': Array(1000).fill('gzip').join(', ') }).end('x');
        case '/zstd':
          return res.writeHead(200, { 'content-encoding': 'zstd' }).end('whatever');
        default:
          return res.end('?');
      }
    });
  });
  after(() => server.close());

  it('keeps a body over the threshold in a 0600 file of the spill folder, with its exact bytes', async () => {
    const response = await pull(get(`${server.url}/big`), { spillDir, memoryThresholdBytes: 64 * 1024 });
    assert.equal(response.raw.kind, 'file');
    assert.ok(response.raw.kind === 'file' && path.dirname(response.raw.path) === spillDir);
    assert.ok((await bytesOf(response.raw)).equals(big));
    assert.equal(response.decoded, response.raw);
    if (response.raw.kind === 'file') {
      assert.equal(response.raw.size, big.length);
      assert.equal((await fs.stat(response.raw.path)).mode & 0o777, 0o600);
      assert.equal((await fs.stat(spillDir)).mode & 0o777, 0o700);
    }
  });

  it('keeps a body under the threshold in memory', async () => {
    const response = await pull(get(`${server.url}/big`), { spillDir, memoryThresholdBytes: 1024 * 1024 });
    assert.equal(response.raw.kind, 'memory');
    assert.ok((await bytesOf(response.raw)).equals(big));
  });

  it('gives two spilled bodies two files', async () => {
    const options = { spillDir, memoryThresholdBytes: 1000 };
    const [a, b] = await Promise.all([
      pull(get(`${server.url}/big`), options),
      pull(get(`${server.url}/big`), options),
    ]);
    assert.ok(a.raw.kind === 'file' && b.raw.kind === 'file' && a.raw.path !== b.raw.path);
  });

  it('cuts a body at the size cap and says so', async () => {
    const response = await pull(get(`${server.url}/big`), {
      spillDir,
      maxBodyBytes: 100_000,
      memoryThresholdBytes: 10_000,
    });
    assert.equal(response.truncated, true);
    assert.ok((await bytesOf(response.raw)).equals(big.subarray(0, 100_000)));
  });

  for (const kind of ['gzip', 'x-gzip', 'deflate', 'deflate-raw', 'br', 'stacked']) {
    it(`decodes a ${kind} body for display and keeps the raw bytes`, async () => {
      const response = await pull(get(`${server.url}/${kind}`), { spillDir });
      assert.equal((await bytesOf(response.decoded)).toString('utf8'), JSON_TEXT);
      assert.notEqual((await bytesOf(response.raw)).toString('utf8'), JSON_TEXT);
      assert.equal(response.decodeError, undefined);
      assert.equal(response.encoding, kind === 'stacked' ? 'gzip, br' : kind === 'deflate-raw' ? 'deflate' : kind);
    });
  }

  it('decodes a large gzip body into a file of its own, with its exact bytes', async () => {
    const response = await pull(get(`${server.url}/big-gzip`), { spillDir, memoryThresholdBytes: 50_000 });
    assert.equal(response.decoded.kind, 'file');
    assert.notEqual(response.decoded, response.raw);
    assert.ok((await bytesOf(response.decoded)).equals(big));
  });

  it('keeps the raw body and says why when it does not decode', async () => {
    const broken = await pull(get(`${server.url}/broken`), { spillDir });
    assert.equal(broken.decoded, broken.raw);
    assert.match(broken.decodeError ?? '', /could not be decoded/);
    const zstd = await pull(get(`${server.url}/zstd`), { spillDir });
    assert.equal(zstd.decoded, zstd.raw);
    assert.match(zstd.decodeError ?? '', /"zstd" is not an encoding PushPull decodes/);
    const many = await pull(get(`${server.url}/many`), { spillDir });
    assert.equal(many.decoded, many.raw);
    assert.match(many.decodeError ?? '', /lists 1000 encodings; PushPull undoes at most 4/);
  });

  it('decodes a body cut by the size cap as far as it goes', async () => {
    const response = await pull(get(`${server.url}/noise-gzip`), { spillDir, maxBodyBytes: 150_000 });
    assert.equal(response.truncated, true);
    assert.equal(response.decodeError, undefined);
    const decoded = await bytesOf(response.decoded);
    assert.ok(decoded.length > 100_000 && decoded.length < 150_000, String(decoded.length));
    assert.ok(decoded.equals(noise.subarray(0, decoded.length)));
  });

  it('takes identity for no encoding', async () => {
    const response = await pull(get(`${server.url}/identity`), { spillDir });
    assert.equal(response.decoded, response.raw);
    assert.equal(response.encoding, undefined);
    assert.equal(response.decodeError, undefined);
  });

  it('refuses to unpack a body past the size cap (a small body that unpacks to a huge one)', async () => {
    const response = await pull(get(`${server.url}/big-gzip`), { spillDir, maxBodyBytes: 50_000 });
    assert.equal(response.truncated, false, 'the raw body is small');
    assert.equal(response.decoded, response.raw);
    assert.match(response.decodeError ?? '', /larger than the size cap/);
  });
});
