import * as assert from 'node:assert/strict';
import { sendRequest } from '../../../src/core/http/send';
import { headerValue, headerValues, pairHeaders } from '../../../src/core/model/headers';
import { listenerPerTest, send, startServer } from '../helpers';

describe('model/headers: the one header lookup', () => {
  const headers = [
    ['Content-Type', 'application/json'],
    ['X-B', 'one'],
    ['x-b', 'two'],
    ['X-Empty', ''],
  ] as const;

  it('finds the first value of a header whatever the case of either name', () => {
    assert.equal(headerValue({ headers }, 'content-type'), 'application/json');
    assert.equal(headerValue({ headers }, 'CONTENT-TYPE'), 'application/json');
    assert.equal(headerValue({ headers }, 'x-b'), 'one');
    assert.equal(headerValue({ headers }, 'X-b'), 'one');
  });

  it('tells an empty value from an absent header', () => {
    assert.equal(headerValue({ headers }, 'x-empty'), '');
    assert.equal(headerValue({ headers }, 'x-missing'), undefined);
    assert.equal(headerValue({ headers: [] }, 'content-type'), undefined);
  });

  it('gives every value of a repeated header in arrival order, none joined', () => {
    assert.deepEqual(headerValues({ headers }, 'X-B'), ['one', 'two']);
    assert.deepEqual(headerValues({ headers }, 'x-missing'), []);
  });

  it('pairs a raw header array in order and drops a trailing name without value', () => {
    assert.deepEqual(pairHeaders(['A', '1', 'b', '2', 'A', '3']), [
      ['A', '1'],
      ['b', '2'],
      ['A', '3'],
    ]);
    assert.deepEqual(pairHeaders(['A', '1', 'B']), [['A', '1']]);
    assert.deepEqual(pairHeaders([]), []);
  });

  describe('on a received hook', () => {
    const fixture = listenerPerTest();

    it('reads the headers as the sender sent them, duplicates apart', async () => {
      const address = await fixture.listener.start({ host: '127.0.0.1', port: 0, maxBodyBytes: 1024 });
      const answer = await send(`${address.url}/h`, {
        headers: ['Host', 'hooks.test', 'X-Dup', 'first', 'Content-Type', 'text/plain', 'x-dup', 'second'],
        body: 'b',
      });
      assert.equal(answer.status, 200, answer.body.toString());
      const [hook] = fixture.store.list();
      assert.ok(hook);
      assert.equal(headerValue(hook, 'X-DUP'), 'first');
      assert.deepEqual(headerValues(hook, 'x-dup'), ['first', 'second']);
      assert.equal(headerValue(hook, 'content-type'), 'text/plain');
    });
  });

  it('reads the headers of a response the sender got, duplicates apart', async () => {
    const server = await startServer((_req, res) => {
      res.setHeader('X-Dup', ['first', 'second']);
      res.setHeader('Content-Type', 'application/json');
      res.end('{}');
    });
    try {
      const response = await sendRequest(
        { method: 'GET', url: `${server.url}/r`, headers: [] },
        { timeoutMs: 5000, maxBodyBytes: 1024 },
      );
      assert.equal(headerValue(response, 'x-dup'), 'first');
      assert.deepEqual(headerValues(response, 'X-Dup'), ['first', 'second']);
      assert.equal(headerValue(response, 'Content-Type'), 'application/json');
    } finally {
      await server.close();
    }
  });
});
