import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { CookieJarFile, MemoryCookieJar } from '../../../src/core/http/cookies';
import { pull } from '../../../src/core/http/pull';
import type { OutgoingRequest } from '../../../src/core/model/pulled';
import { httpServer, tempFolder, type TestServer } from './servers';

function get(url: string, headers: Array<[string, string]> = []): OutgoingRequest {
  return { method: 'GET', url, headers, body: { kind: 'none' } };
}

describe('pull: cookies', () => {
  let server: TestServer;
  let spillDir: string;
  const seen: Array<string | undefined> = [];
  before(async () => {
    server = await httpServer((req, res) => {
      seen.push(req.headers.cookie);
      if (req.url === '/login') res.setHeader('set-cookie', ['session=abc; Path=/; HttpOnly', 'theme=dark; Path=/']);
      if (req.url === '/bounce') {
        res.setHeader('set-cookie', 'via=bounce; Path=/');
        res.writeHead(302, { location: '/after' });
      }
      res.end();
    });
    spillDir = await tempFolder();
  });
  after(() => server.close());
  beforeEach(() => (seen.length = 0));

  it('keeps the cookies an answer sets and sends them back, after the request’s own', async () => {
    const cookieJar = new MemoryCookieJar();
    await pull(get(`${server.url}/login`), { spillDir, cookieJar });
    await pull(get(`${server.url}/next`), { spillDir, cookieJar });
    await pull(get(`${server.url}/mine`, [['Cookie', 'own=1']]), { spillDir, cookieJar });
    assert.deepEqual(seen, [undefined, 'session=abc; theme=dark', 'own=1; session=abc; theme=dark']);
  });

  it('sends no cookies without a jar', async () => {
    await pull(get(`${server.url}/login`), { spillDir });
    await pull(get(`${server.url}/next`), { spillDir });
    assert.deepEqual(seen, [undefined, undefined]);
  });

  it('keeps a cookie set by a redirect for the hop that follows', async () => {
    const cookieJar = new MemoryCookieJar();
    await pull(get(`${server.url}/bounce`), { spillDir, cookieJar });
    assert.deepEqual(seen, [undefined, 'via=bounce']);
  });

  it('keeps a jar in a 0600 file across loads, and clears it', async () => {
    const file = path.join(await tempFolder(), 'jar', 'cookies.json');
    const jar = await CookieJarFile.load(file);
    await pull(get(`${server.url}/login`), { spillDir, cookieJar: jar });
    assert.equal((await fs.stat(file)).mode & 0o777, 0o600);
    const again = await CookieJarFile.load(file);
    assert.equal(await again.cookieHeader(`${server.url}/x`), 'session=abc; theme=dark');
    await again.clear();
    assert.equal(await (await CookieJarFile.load(file)).cookieHeader(`${server.url}/x`), undefined);
  });

  it('moves a jar file it cannot read aside, keeping it, and starts empty', async () => {
    const dir = await tempFolder();
    const file = path.join(dir, 'cookies.json');
    await fs.writeFile(file, '{ not json');
    const jar = await CookieJarFile.load(file);
    assert.match(jar.notice ?? '', /could not be read/);
    assert.equal(await jar.cookieHeader('http://example.com/'), undefined);
    const aside = (await fs.readdir(dir)).filter((name) => name.startsWith('cookies.json.unreadable-'));
    assert.equal(aside.length, 1);
    assert.equal(await fs.readFile(path.join(dir, aside[0] ?? ''), 'utf8'), '{ not json');
  });
});
