import * as assert from 'node:assert/strict';
import { RequestError } from '../../src/core/http/errors';
import { parseHeaderLines } from '../../src/core/http/headers';
import { parseRequestUrl, sendRequest } from '../../src/core/http/send';
import { startServer } from './helpers';

describe('sendRequest (undici)', () => {
  it('sends method, headers and body and returns status, headers, body and timings', async () => {
    const server = await startServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json', 'x-seen-method': req.method ?? '' });
        res.end(JSON.stringify({ got: Buffer.concat(chunks).toString(), auth: req.headers.authorization }));
      });
    });
    try {
      const response = await sendRequest(
        { method: 'POST', url: `${server.url}/items`, headers: [['Authorization', 'Bearer t']], body: 'hello' },
        { timeoutMs: 5000, maxBodyBytes: 1024 },
      );
      assert.equal(response.status, 201);
      assert.ok(response.headers.some(([n, v]) => n === 'x-seen-method' && v === 'POST'));
      assert.deepEqual(JSON.parse(Buffer.from(response.body).toString()), { got: 'hello', auth: 'Bearer t' });
      assert.ok(response.timings.total >= response.timings.firstByte && response.timings.firstByte >= 0);
      assert.equal(response.truncated, false);
    } finally {
      await server.close();
    }
  });

  it('cuts a body longer than the limit and says so', async () => {
    const server = await startServer((_req, res) => res.end('x'.repeat(5000)));
    try {
      const response = await sendRequest(
        { method: 'GET', url: server.url, headers: [] },
        { timeoutMs: 5000, maxBodyBytes: 100 },
      );
      assert.equal(response.body.length, 100);
      assert.equal(response.truncated, true);
    } finally {
      await server.close();
    }
  });

  it('reports a refused connection with a stable code', async () => {
    const server = await startServer((_req, res) => res.end());
    const url = server.url;
    await server.close();
    await assert.rejects(sendRequest({ method: 'GET', url, headers: [] }), (error: unknown) => {
      assert.ok(error instanceof RequestError);
      assert.equal(error.code, 'CONNECTION_REFUSED');
      return true;
    });
  });

  it('reports a server that never answers as a timeout', async () => {
    const server = await startServer(() => undefined);
    try {
      await assert.rejects(
        sendRequest({ method: 'GET', url: server.url, headers: [] }, { timeoutMs: 200, maxBodyBytes: 10 }),
        (error: unknown) => error instanceof RequestError && error.code === 'TIMEOUT',
      );
    } finally {
      await server.close();
    }
  });

  it('refuses invalid and non-http URLs before sending', () => {
    assert.throws(
      () => parseRequestUrl('not a url'),
      (e: unknown) => e instanceof RequestError && e.code === 'INVALID_URL',
    );
    assert.throws(
      () => parseRequestUrl('file:///etc/passwd'),
      (e: unknown) => e instanceof RequestError && e.code === 'UNSUPPORTED_PROTOCOL',
    );
  });
});

describe('parseHeaderLines', () => {
  it('reads Name: value lines, skipping blanks and comments', () => {
    assert.deepEqual(parseHeaderLines('Accept: application/json\n\n# note\nX-A:  b:c '), [
      ['Accept', 'application/json'],
      ['X-A', 'b:c'],
    ]);
  });

  it('names the line that is not a header', () => {
    assert.throws(() => parseHeaderLines('Accept: x\nnot a header'), /line 2/);
  });
});
