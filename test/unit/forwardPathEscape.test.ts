import * as assert from 'node:assert/strict';
import type { HookMeta } from '../../src/core/model/hook';
import { HookListener, type ListeningAddress } from '../../src/core/hooks/listener';
import { parseRoutes } from '../../src/core/hooks/routes';
import { forwardReceived } from '../../src/core/relay/forward';
import { MemoryHookStore } from '../../src/core/store/memoryHookStore';
import { silentLogger, systemTimers } from '../../src/core/clock';
import { rawExchange, startServer, waitUntil, forwarder } from './helpers';
import { sendExact } from '../../src/core/http/send';

/** Request targets that lead above `/in` on a target at `/in/` once its server resolves their dot segments. */
const ESCAPING = [
  '/github/../../admin?x=1',
  '/github/../..',
  '/github/%2e%2e/%2e%2e/admin',
  '/github/.%2E/%2E./admin',
  '/github/..%2f..%2fadmin',
  '/github/%2E%2E%2F%2E%2E%2Fadmin',
  '/github/..\\..\\admin',
  '/github/..%5c..%5Cadmin',
  '/github/%252e%252e/%252e%252e/admin',
  '/github/..%252f..%252fadmin',
  '/github/..;/..;/admin',
  '/github/%2525252e%2525252e/admin',
];

/** Request targets with dot segments that stay under `/in`: sent as they came. */
const STAYING = ['/github/a/../b?x=1', '/github/../other', '/github/%2e%2e/x/./y', '/github/a\\..\\z'];

describe('forwarded paths stay under the target path', () => {
  let store: MemoryHookStore;
  let listener: HookListener;
  let address: ListeningAddress;
  let seen: Array<{ url: string; auth: string | undefined }>;
  let closeApp: () => Promise<void>;
  let appUrl: string;

  beforeEach(async () => {
    seen = [];
    const app = await startServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization });
      res.end('ok');
    });
    closeApp = app.close;
    appUrl = app.url;
    store = new MemoryHookStore();
    listener = new HookListener(store, { now: () => Date.now() }, silentLogger, systemTimers, forwarder);
    const forwardTo = `${app.url.replace('http://', 'http://relay:pw@')}/in/`;
    address = await listener.start({
      port: 0,
      routes: parseRoutes([{ name: 'gh', pathPrefix: '/github', forwardTo, keepPath: true }]),
    });
  });
  afterEach(async () => {
    await listener.stop();
    await closeApp();
  });

  /** Sends `target` as the raw request target; resolves with the stored hook once its forward is recorded. */
  async function post(target: string): Promise<HookMeta> {
    const { text } = await rawExchange(address, [
      `POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    ]);
    assert.match(text, /^HTTP\/1\.1 200 /, target);
    const id = store.list()[0]?.id ?? '';
    await waitUntil(() => store.get(id)?.forward !== undefined);
    const hook = store.get(id);
    assert.ok(hook);
    return hook;
  }

  it('refuses paths whose dot segments lead above it (plain, escaped, backslashes), sends the others as received', async () => {
    for (const target of ESCAPING) {
      const hook = await post(target);
      assert.equal(hook.url, target, 'the hook is stored as received');
      assert.equal(hook.forward?.status, undefined, target);
      assert.match(hook.forward?.error ?? '', /not forwarded: its path leads out of the target's path \/in\//, target);
    }
    assert.equal(seen.length, 0, 'nothing reached the target');
    for (const target of STAYING) assert.equal((await post(target)).forward?.status, 200, target);
    assert.deepEqual(
      seen.map((request) => request.url),
      STAYING.map((target) => `/in${target}`),
    );
    assert.ok(seen.every((request) => request.auth === `Basic ${Buffer.from('relay:pw').toString('base64')}`));
  });

  it('forwards them to a target at the root, where there is nothing above, unless encoded too many times', async () => {
    const hook = { method: 'POST', headers: [] };
    const above = await forwardReceived({ ...hook, url: '/../..%2fadmin' }, Buffer.from('{}'), appUrl, {
      send: sendExact,
      keepPath: true,
    });
    assert.equal(above.status, 200, above.error);
    const deep = await forwardReceived({ ...hook, url: '/x/%252525252e%252525252e' }, Buffer.from('{}'), appUrl, {
      send: sendExact,
      keepPath: true,
    });
    assert.match(deep.error ?? '', /not forwarded: its path leads out of the target's path \/ /);
    assert.deepEqual(
      seen.map((request) => request.url),
      ['/../..%2fadmin'],
    );
  });
});
