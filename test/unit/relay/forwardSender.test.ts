import * as assert from 'node:assert/strict';
import { forwardHook, forwardReceived, forwardTarget, hookForwarder } from '../../../src/core/relay/forward';
import { hookMeta, startServer } from '../helpers';
import { sendExact } from '../../../src/core/http/send';

describe('forwards through the undici sender', () => {
  it('forwards a hook that came with Expect: 100-continue, its body sent at once', async () => {
    const seen: Array<{ expect: string | undefined; size: number }> = [];
    const app = await startServer((req, res) => {
      let size = 0;
      req.on('data', (chunk: Buffer) => (size += chunk.length));
      req.on('end', () => {
        seen.push({ expect: req.headers.expect, size });
        res.end('ok');
      });
    });
    try {
      const hook = { method: 'POST', url: '/big', headers: [['Expect', '100-continue'] as const] };
      const body = Buffer.alloc(2 * 1024 * 1024, 1);
      const result = await forwardReceived(hook, body, app.url, { send: sendExact });
      assert.equal(result.status, 200, result.error);
      assert.deepEqual(seen, [{ expect: undefined, size: body.length }]);
    } finally {
      await app.close();
    }
  });

  it('keeps the first 64 KiB of a long answer, and names a refused connection as Node does', async () => {
    const app = await startServer((_req, res) => res.end(Buffer.alloc(200 * 1024, 'a')));
    const target = forwardTarget(app.url);
    try {
      const result = await forwardHook({ method: 'post', headers: [], path: '/' }, Buffer.from('{}'), target, {
        send: sendExact,
      });
      assert.equal(result.status, 200, result.error);
      assert.equal(result.body?.length, 64 * 1024);
    } finally {
      await app.close();
    }
    const refused = await forwardHook({ method: 'POST', headers: [], path: '/' }, Buffer.from('{}'), target, {
      send: sendExact,
    });
    assert.equal(refused.status, undefined);
    assert.match(refused.error ?? '', /^connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
  });

  it('gives up on a target that does not answer within the time limit', async () => {
    const app = await startServer(() => undefined);
    try {
      const result = await forwardReceived({ method: 'POST', url: '/', headers: [] }, Buffer.from('{}'), app.url, {
        send: sendExact,
        timeoutMs: 200,
      });
      assert.equal(result.status, undefined);
      assert.equal(result.error, 'no answer within 200 ms');
    } finally {
      await app.close();
    }
  });

  it("the listener's forwarder loads the sender with the first forward, and a sender that cannot load is a result", async () => {
    let loads = 0;
    const app = await startServer((_req, res) => res.end('ok'));
    const context = { signal: new AbortController().signal, isSelf: () => false, marker: 'm' };
    const hook = hookMeta({ url: '/in' });
    const body = Buffer.from('{}');
    try {
      const forward = hookForwarder(() => {
        loads++;
        return sendExact;
      });
      assert.equal(loads, 0);
      assert.equal((await forward(hook, body, app.url, context)).status, 200);
      assert.equal(loads, 1);
      const broken = hookForwarder(() => {
        throw new Error("Cannot find module '/x/dist/http.js'");
      });
      const result = await broken(hook, body, `http://user:pw@127.0.0.1:1/in`, context);
      assert.deepEqual(result, {
        target: 'http://127.0.0.1:1/in',
        ms: 0,
        error: "not forwarded: Cannot find module '/x/dist/http.js'",
      });
    } finally {
      await app.close();
    }
  });
});
