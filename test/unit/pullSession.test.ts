import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import type * as http from 'node:http';
import * as path from 'node:path';
import * as sender from '../../src/core/http';
import { LazyHttp, type HttpLoader } from '../../src/core/pull/lazyHttp';
import type { PullOutcome } from '../../src/core/pull/outcome';
import { PullSession, type PullRequest } from '../../src/core/pull/session';
import { ExchangeLog } from '../../src/core/store/exchangeLog';
import { startServer, tempDir } from './helpers';

const get = (url: string, headers = ''): PullRequest => ({ method: 'GET', url, headers, body: '' });

/** The real sender, as the extension's loader hands it over, counting how often it was asked for. */
function countingLoader(): HttpLoader & { loads: number } {
  return {
    loads: 0,
    get() {
      this.loads++;
      return sender;
    },
  };
}

/** A local API: `/hang` sends its head and the start of its body, then nothing; the rest answer JSON. */
async function testApi() {
  const arrived: string[] = [];
  const closed: string[] = [];
  const authorization: Array<string | undefined> = [];
  let started: () => void = () => undefined;
  const midResponse = new Promise<void>((resolve) => (started = resolve));
  const server = await startServer((req: http.IncomingMessage, res: http.ServerResponse) => {
    const where = req.url ?? '';
    arrived.push(where);
    authorization.push(req.headers.authorization);
    req.socket.once('close', () => closed.push(where));
    if (where === '/hang') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('the start of a body that never ends', () => started());
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'x-path': where });
    res.end(`{"from":"${where.slice(1)}","method":"${req.method ?? ''}"}`);
  });
  return { ...server, arrived, closed, authorization, midResponse };
}

function session(exchanges = new ExchangeLog(), loader: HttpLoader = countingLoader()): PullSession {
  return new PullSession({ http: loader, exchanges, clock: { now: () => 1_700_000_000_000 } });
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), 'the condition did not come true within 5 s');
}

function failure(outcome: PullOutcome): { code: string; message: string } {
  assert.equal(outcome.kind, 'failed', JSON.stringify(outcome));
  return outcome.kind === 'failed' ? outcome : { code: '', message: '' };
}

describe('PullSession', () => {
  it('sends what was typed, headers from their lines, and records the exchange once', async () => {
    const api = await testApi();
    try {
      const exchanges = new ExchangeLog();
      const pull = session(exchanges);
      const outcome = await pull.send({
        method: 'POST',
        url: `  ${api.url}/items  `,
        headers: '# a comment\nAccept: application/json\n\nX-Trace:  abc ',
        body: '{"a":1}',
      });
      assert.equal(outcome.kind, 'answered', JSON.stringify(outcome));
      assert.ok(outcome.kind === 'answered');
      const { exchange } = outcome;
      assert.equal(exchange.response.status, 200);
      assert.ok(exchange.response.headers.some(([n, v]) => n === 'x-path' && v === '/items'));
      assert.equal(Buffer.from(exchange.response.body).toString(), '{"from":"items","method":"POST"}');
      assert.deepEqual(exchange.request, {
        method: 'POST',
        url: `${api.url}/items`,
        headers: [
          ['Accept', 'application/json'],
          ['X-Trace', 'abc'],
        ],
        body: '{"a":1}',
      });
      assert.equal(exchange.startedAt, 1_700_000_000_000);
      assert.equal(exchange.id, '1700000000000-1');
      assert.deepEqual(exchanges.size.exchanges, 1);
      assert.equal(exchanges.latest(), exchange);
      assert.equal(pull.isSending, false);

      const second = await pull.send(get(`${api.url}/again`));
      assert.ok(second.kind === 'answered');
      assert.equal(second.exchange.id, '1700000000000-2');
      assert.equal(exchanges.size.exchanges, 2);
    } finally {
      await api.close();
    }
  });

  it('sends the credentials of a URL as Basic auth and records the URL without them', async () => {
    const api = await testApi();
    try {
      const exchanges = new ExchangeLog();
      const outcome = await session(exchanges).send(get(`${api.url.replace('http://', 'http://user:s3cret@')}/auth`));
      assert.ok(outcome.kind === 'answered', JSON.stringify(outcome));
      assert.equal(api.authorization.at(-1), `Basic ${Buffer.from('user:s3cret').toString('base64')}`);
      assert.equal(outcome.exchange.request.url, `${api.url}/auth`);
      assert.equal(exchanges.latest()?.request.url, `${api.url}/auth`);
      assert.doesNotMatch(JSON.stringify(exchanges.latest()?.request), /s3cret|user/);
    } finally {
      await api.close();
    }
  });

  it('cancels a request in the middle of its response: CANCELLED, connection closed, nothing recorded', async () => {
    const api = await testApi();
    try {
      const exchanges = new ExchangeLog();
      const pull = session(exchanges);
      const sending = pull.send(get(`${api.url}/hang`));
      assert.equal(pull.isSending, true);
      await api.midResponse;
      pull.cancel();
      const failed = failure(await sending);
      assert.equal(failed.code, 'CANCELLED');
      assert.equal(failed.message, 'The request was cancelled.');
      await until(() => api.closed.includes('/hang'));
      assert.equal(exchanges.size.exchanges, 0);
      assert.equal(pull.isSending, false);
    } finally {
      await api.close();
    }
  });

  it('gives a bad URL, a bad header line and an unsupported scheme their codes, without sending', async () => {
    const api = await testApi();
    try {
      const exchanges = new ExchangeLog();
      const pull = session(exchanges);
      const badUrl = failure(await pull.send(get('not a url')));
      assert.equal(badUrl.code, 'INVALID_URL');
      assert.equal(badUrl.message, '"not a url" is not a valid URL.');
      const badHeader = failure(await pull.send(get(`${api.url}/x`, 'Accept: */*\nno colon here')));
      assert.equal(badHeader.code, 'INVALID_HEADER');
      assert.equal(badHeader.message, 'Header line 2 is not "Name: value": no colon here');
      assert.equal(failure(await pull.send(get('file:///etc/passwd'))).code, 'UNSUPPORTED_PROTOCOL');
      assert.deepEqual(api.arrived, []);
      assert.equal(exchanges.size.exchanges, 0);
      assert.equal(pull.isSending, false);
    } finally {
      await api.close();
    }
  });

  it('says CONNECTION_REFUSED where nothing listens', async () => {
    const api = await testApi();
    await api.close();
    assert.equal(failure(await session().send(get(`${api.url}/gone`))).code, 'CONNECTION_REFUSED');
  });

  it('gives a sender that cannot be loaded as REQUEST_FAILED with its message', async () => {
    const broken: HttpLoader = {
      get() {
        throw new Error('Cannot find module http.js');
      },
    };
    const failed = failure(await session(new ExchangeLog(), broken).send(get('http://127.0.0.1:9/')));
    assert.deepEqual(failed, { kind: 'failed', code: 'REQUEST_FAILED', message: 'Cannot find module http.js' });
  });

  it('lets a newer send replace one still running: the older is superseded and aborted, only the newer recorded', async () => {
    const api = await testApi();
    try {
      const exchanges = new ExchangeLog();
      const pull = session(exchanges);
      const first = pull.send(get(`${api.url}/hang`));
      await api.midResponse;
      const second = await pull.send(get(`${api.url}/fast`));
      assert.deepEqual(await first, { kind: 'superseded' });
      assert.ok(second.kind === 'answered');
      assert.equal(exchanges.size.exchanges, 1);
      assert.equal(exchanges.latest()?.request.url, `${api.url}/fast`);
      await until(() => api.closed.includes('/hang'));
    } finally {
      await api.close();
    }
  });

  it('ends with its sender: what was on its way is aborted and superseded, not recorded', async () => {
    const api = await testApi();
    try {
      const exchanges = new ExchangeLog();
      const pull = session(exchanges);
      const sending = pull.send(get(`${api.url}/hang`));
      await api.midResponse;
      pull.dispose();
      assert.equal(pull.isSending, false);
      assert.deepEqual(await sending, { kind: 'superseded' });
      await until(() => api.closed.includes('/hang'));
      assert.equal(exchanges.size.exchanges, 0);
    } finally {
      await api.close();
    }
  });

  it('asks for the sender only when it sends', async () => {
    const api = await testApi();
    try {
      const loader = countingLoader();
      const pull = session(new ExchangeLog(), loader);
      assert.equal(loader.loads, 0);
      await pull.send(get(`${api.url}/one`));
      assert.equal(loader.loads, 1);
    } finally {
      await api.close();
    }
  });
});

describe('LazyHttp', () => {
  it('loads the sender bundle from its folder the first time, and only then', async () => {
    const dir = await tempDir('pushpull-lazy-http-');
    try {
      // A bundle that counts its loads and hands over the real sender.
      const real = require.resolve('../../src/core/http');
      await fs.writeFile(
        path.join(dir, 'http.js'),
        `globalThis.__pushpullHttpLoads = (globalThis.__pushpullHttpLoads ?? 0) + 1;\nmodule.exports = require(${JSON.stringify(real)});\n`,
      );
      const lazy = new LazyHttp(dir);
      const loads = (): unknown => (globalThis as { __pushpullHttpLoads?: number }).__pushpullHttpLoads;
      assert.equal(loads(), undefined);
      const first = lazy.get();
      assert.equal(first.sendRequest, sender.sendRequest);
      assert.equal(lazy.get(), first);
      assert.equal(loads(), 1);
    } finally {
      delete (globalThis as { __pushpullHttpLoads?: number }).__pushpullHttpLoads;
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
