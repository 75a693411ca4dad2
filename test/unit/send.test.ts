import * as assert from 'node:assert/strict';
import { RequestError } from '../../src/core/http/errors';
import { parseHeaderLines } from '../../src/core/http/headers';
import { defaultSendOptions, parseRequestUrl, sendRequest } from '../../src/core/http/send';
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

  it('sends credentials in the URL as Basic auth, unless the request has its own Authorization header', async () => {
    const seen: Array<{ auth: string | undefined; url: string | undefined }> = [];
    const server = await startServer((req, res) => {
      seen.push({ auth: req.headers.authorization, url: req.url });
      res.end();
    });
    try {
      const url = server.url.replace('http://', 'http://us%40er:p%3Ass@');
      await sendRequest({ method: 'GET', url: `${url}/a`, headers: [] });
      await sendRequest({ method: 'GET', url: `${url}/b`, headers: [['authorization', 'Bearer mine']] });
      assert.deepEqual(seen, [
        { auth: `Basic ${Buffer.from('us@er:p:ss').toString('base64')}`, url: '/a' },
        { auth: 'Bearer mine', url: '/b' },
      ]);
    } finally {
      await server.close();
    }
  });

  it('gives response headers in the order they came, repeated ones apart, names as sent', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, ['Link', '<a>', 'X-Mid', 'm', 'Link', '<b>', '__proto__', 'p']);
      res.end();
    });
    try {
      const response = await sendRequest({ method: 'GET', url: server.url, headers: [] });
      const names = response.headers.map(([name]) => name);
      assert.deepEqual(
        response.headers.filter(([name]) => ['Link', 'X-Mid', '__proto__'].includes(name)),
        [
          ['Link', '<a>'],
          ['X-Mid', 'm'],
          ['Link', '<b>'],
          ['__proto__', 'p'],
        ],
      );
      assert.ok(names.indexOf('Link') < names.indexOf('X-Mid'));
    } finally {
      await server.close();
    }
  });

  it('gives up on a body that keeps trickling in after the total time, and says so', async () => {
    let timer: NodeJS.Timeout | undefined;
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      timer = setInterval(() => res.write('x'), 50);
    });
    try {
      await assert.rejects(
        sendRequest(
          { method: 'GET', url: server.url, headers: [] },
          { timeoutMs: 1000, maxBodyBytes: 1024, totalTimeoutMs: 400 },
        ),
        (error: unknown) =>
          error instanceof RequestError &&
          error.code === 'TIMEOUT' &&
          /did not finish within 0.4 s/.test(error.message),
      );
    } finally {
      clearInterval(timer);
      await server.close();
    }
  });

  it('is cancelled by its signal, before or during the exchange, and the connection is closed', async () => {
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    let reached!: () => void;
    const requestReached = new Promise<void>((resolve) => (reached = resolve));
    const server = await startServer((req) => {
      req.socket.on('close', closed);
      reached();
    });
    try {
      const controller = new AbortController();
      const sending = sendRequest(
        { method: 'GET', url: server.url, headers: [] },
        { ...defaultSendOptions, signal: controller.signal },
      );
      await requestReached;
      controller.abort();
      await assert.rejects(sending, (error: unknown) => error instanceof RequestError && error.code === 'CANCELLED');
      await connectionClosed;
      await assert.rejects(
        sendRequest(
          { method: 'GET', url: server.url, headers: [] },
          { ...defaultSendOptions, signal: controller.signal },
        ),
        (error: unknown) => error instanceof RequestError && error.code === 'CANCELLED',
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
