import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { RequestError } from '../../src/core/http/errors';
import { DEFAULT_PULL_TIMEOUT_MS } from '../../src/core/http/options';
import { pull } from '../../src/core/http/pull';
import { httpServer, tempFolder } from './http/servers';

describe('pull: the request timeout', () => {
  it('waits 30 s by default', () => {
    assert.equal(DEFAULT_PULL_TIMEOUT_MS, 30_000);
  });

  it('gives up with TIMEOUT on a server that takes the request and never answers', async () => {
    const seen: string[] = [];
    let arrived = (): void => undefined;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const held: http.ServerResponse[] = [];
    const server = await httpServer((req, res) => {
      seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
      held.push(res); // never answered
      arrived();
    });
    try {
      const failure = await pull(
        { method: 'POST', url: `${server.url}/never`, headers: [], body: { kind: 'none' } },
        { spillDir: await tempFolder(), timeoutMs: 200 },
      ).then(
        () => undefined,
        (error: unknown) => error,
      );
      assert.ok(failure instanceof RequestError, `a RequestError, not ${String(failure)}`);
      assert.equal(failure.code, 'TIMEOUT', failure.message);
      await reached;
      assert.deepEqual(seen, ['POST /never'], 'the server got the request: the wait was for its answer');
      assert.equal(held[0]?.headersSent, false, 'and never answered it');
    } finally {
      await server.close();
    }
  });
});
