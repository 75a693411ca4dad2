import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { pull } from '../../../src/core/http/pull';
import type { OutgoingRequest } from '../../../src/core/model/pulled';
import { bytesOf, certificate, echo, httpServer, httpsServer, listen, tempFolder, type TestServer } from './servers';

function get(url: string): OutgoingRequest {
  return { method: 'GET', url, headers: [], body: { kind: 'none' } };
}

/** An HTTP proxy: absolute-form requests are passed on, CONNECT opens a tunnel; `seen` lists what it was asked. */
async function proxyServer(options: { refuseConnect?: number } = {}): Promise<TestServer & { seen: string[] }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const onward = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(onward);
  });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    if (options.refuseConnect !== undefined) {
      socket.end(`HTTP/1.1 ${options.refuseConnect} No\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  const listening = await listen(server);
  return { ...listening, seen };
}

describe('pull: through a proxy', function () {
  this.timeout(20_000);
  let target: TestServer;
  let secure: TestServer;
  let spillDir: string;
  before(async () => {
    target = await httpServer(echo);
    secure = await httpsServer(await certificate(), (_req, res) => res.end('secret'));
    spillDir = await tempFolder();
  });
  after(async () => {
    await target.close();
    await secure.close();
  });

  it('sends an http request to the proxy in absolute form', async () => {
    const proxy = await proxyServer();
    try {
      const response = await pull(get(`${target.url}/x?y=1`), { spillDir, proxy: { url: proxy.url } });
      assert.equal(response.status, 200);
      assert.deepEqual(proxy.seen, [`GET ${target.url}/x?y=1`]);
    } finally {
      await proxy.close();
    }
  });

  it('tunnels an https request with CONNECT, its certificate checked as the request says', async () => {
    const proxy = await proxyServer();
    try {
      await assert.rejects(pull(get(secure.url), { spillDir, proxy: { url: proxy.url } }), { code: 'TLS' });
      const response = await pull(get(secure.url), {
        spillDir,
        proxy: { url: proxy.url },
        tls: { allowInvalidCertificates: true },
      });
      assert.equal((await bytesOf(response.decoded)).toString(), 'secret');
      const lax = await pull(get(secure.url), { spillDir, proxy: { url: proxy.url, strictSSL: false } });
      assert.equal(lax.status, 200);
      assert.ok(proxy.seen.every((line) => line === `CONNECT 127.0.0.1:${secure.port}`));
      assert.ok(proxy.seen.length >= 2);
    } finally {
      await proxy.close();
    }
  });

  it('goes around the proxy for the hosts in noProxy', async () => {
    const proxy = await proxyServer();
    try {
      const response = await pull(get(target.url), {
        spillDir,
        proxy: { url: proxy.url, noProxy: 'localhost,127.0.0.1' },
      });
      assert.equal(response.status, 200);
      assert.deepEqual(proxy.seen, []);
    } finally {
      await proxy.close();
    }
  });

  it('uses HTTP_PROXY from the environment when no proxy is set (as the CLI does)', async () => {
    const proxy = await proxyServer();
    const before = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = proxy.url;
    try {
      await pull(get(`${target.url}/env`), { spillDir });
      assert.deepEqual(proxy.seen, [`GET ${target.url}/env`]);
    } finally {
      if (before === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = before;
      await proxy.close();
    }
  });

  it('says PROXY_FAILED when the proxy cannot be reached', async () => {
    const gone = await proxyServer();
    await gone.close();
    await assert.rejects(pull(get(target.url), { spillDir, proxy: { url: gone.url } }), (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'PROXY_FAILED');
      assert.match((error as Error).message, /could not be reached .*http\.proxy/);
      return true;
    });
  });

  it('says PROXY_FAILED, with its status, when the proxy refuses the tunnel', async () => {
    const proxy = await proxyServer({ refuseConnect: 407 });
    try {
      await assert.rejects(pull(get(secure.url), { spillDir, proxy: { url: proxy.url } }), (error: unknown) => {
        assert.equal((error as { code?: string }).code, 'PROXY_FAILED');
        assert.match((error as Error).message, /answered 407.*credentials/);
        return true;
      });
    } finally {
      await proxy.close();
    }
  });
});
