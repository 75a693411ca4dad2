import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { pull } from '../../../src/core/http/pull';
import type { OutgoingRequest, PulledResponse } from '../../../src/core/model/pulled';
import { bytesOf, echo, httpServer, tempFolder, type TestServer } from './servers';

interface Echoed {
  method: string;
  url: string;
  headers: string[];
  body: string;
}

async function echoed(response: PulledResponse): Promise<Echoed> {
  return JSON.parse((await bytesOf(response.decoded)).toString('utf8')) as Echoed;
}

function has(raw: readonly string[], name: string): boolean {
  return raw.some((value, i) => i % 2 === 0 && value.toLowerCase() === name);
}

function post(url: string, headers: Array<[string, string]> = []): OutgoingRequest {
  return {
    method: 'POST',
    url,
    headers: [['Content-Type', 'application/json'], ...headers],
    body: { kind: 'bytes', bytes: Buffer.from('{"a":1}') },
  };
}

describe('pull: redirects', () => {
  let server: TestServer;
  let other: TestServer;
  let spillDir: string;
  before(async () => {
    other = await httpServer(echo);
    const routes: Record<string, (res: http.ServerResponse) => void> = {
      '/301': (res) => res.writeHead(301, { location: '/echo' }).end('moved'),
      '/302': (res) => res.writeHead(302, { location: '/echo' }).end(),
      '/303': (res) => res.writeHead(303, { location: '/echo' }).end(),
      '/307': (res) => res.writeHead(307, { location: '/echo' }).end(),
      '/308': (res) => res.writeHead(308, { location: 'echo' }).end(),
      '/twice': (res) => res.writeHead(302, { location: '/301' }).end(),
      '/loop': (res) => res.writeHead(302, { location: '/loop' }).end(),
      '/away': (res) => res.writeHead(307, { location: `${other.url.replace('127.0.0.1', 'localhost')}/there` }).end(),
      '/ftp': (res) => res.writeHead(302, { location: 'ftp://example.com/file' }).end(),
    };
    server = await httpServer((req, res) => {
      const route = routes[req.url ?? ''];
      if (route) {
        req.resume();
        route(res);
      } else echo(req, res);
    });
    spillDir = await tempFolder();
  });
  after(async () => {
    await server.close();
    await other.close();
  });

  for (const status of [301, 302, 303]) {
    it(`turns a POST into a GET without its body on ${status}, and records the hop`, async () => {
      const response = await pull(post(`${server.url}/${status}`), { spillDir });
      const seen = await echoed(response);
      assert.equal(seen.method, 'GET');
      assert.equal(seen.body, '');
      assert.equal(has(seen.headers, 'content-type'), false);
      assert.equal(response.url, `${server.url}/echo`);
      assert.equal(response.redirects.length, 1);
      assert.equal(response.redirects[0]?.status, status);
      assert.equal(response.redirects[0]?.url, `${server.url}/${status}`);
      assert.equal(response.redirects[0]?.location, `${server.url}/echo`);
    });
  }

  for (const status of [307, 308]) {
    it(`keeps method and body on ${status}`, async () => {
      const seen = await echoed(await pull(post(`${server.url}/${status}`), { spillDir }));
      assert.equal(seen.method, 'POST');
      assert.equal(seen.body, '{"a":1}');
      assert.equal(has(seen.headers, 'content-type'), true);
    });
  }

  it('records every hop in order', async () => {
    const response = await pull(
      { method: 'GET', url: `${server.url}/twice`, headers: [], body: { kind: 'none' } },
      { spillDir },
    );
    assert.deepEqual(
      response.redirects.map((hop) => [hop.status, new URL(hop.url).pathname]),
      [
        [302, '/twice'],
        [301, '/301'],
      ],
    );
    assert.equal(response.status, 200);
  });

  it('stops a loop with TOO_MANY_REDIRECTS after the limit', async () => {
    await assert.rejects(pull(post(`${server.url}/loop`), { spillDir, maxRedirects: 3 }), (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'TOO_MANY_REDIRECTS');
      assert.match((error as Error).message, /more than 3 times/);
      return true;
    });
  });

  it('returns the redirect itself when following is off', async () => {
    const response = await pull(post(`${server.url}/301`), { spillDir, followRedirects: false });
    assert.equal(response.status, 301);
    assert.equal((await bytesOf(response.decoded)).toString(), 'moved');
    assert.deepEqual(response.redirects, []);
  });

  it('drops Authorization and Cookie when the redirect goes to another host, and keeps them on the same one', async () => {
    const credentials: Array<[string, string]> = [
      ['Authorization', 'Bearer secret'],
      ['Cookie', 'session=1'],
    ];
    const away = await echoed(await pull(post(`${server.url}/away`, credentials), { spillDir }));
    assert.equal(away.url, '/there');
    assert.equal(has(away.headers, 'authorization'), false);
    assert.equal(has(away.headers, 'cookie'), false);
    const here = await echoed(await pull(post(`${server.url}/307`, credentials), { spillDir }));
    assert.equal(has(here.headers, 'authorization'), true);
    assert.equal(has(here.headers, 'cookie'), true);
  });

  it('refuses a redirect to a scheme other than http and https', async () => {
    await assert.rejects(pull(post(`${server.url}/ftp`), { spillDir }), { code: 'UNSUPPORTED_PROTOCOL' });
  });
});
