import * as assert from 'node:assert/strict';
import type { Exchange } from '../../src/core/model/exchange';
import { ExchangeLog } from '../../src/core/store/exchangeLog';

function exchange(id: string, bodyBytes: number): Exchange {
  return {
    id,
    startedAt: 0,
    request: { method: 'GET', url: 'http://x/', headers: [] },
    response: {
      status: 200,
      headers: [],
      body: new Uint8Array(bodyBytes),
      truncated: false,
      timings: { firstByte: 0, total: 0 },
    },
  };
}

describe('ExchangeLog', () => {
  it('keeps at most the given count, newest last', () => {
    const log = new ExchangeLog(3, 1000);
    for (let i = 1; i <= 5; i++) log.add(exchange(String(i), 10));
    assert.deepEqual(log.size, { exchanges: 3, bytes: 30 });
    assert.equal(log.latest()?.id, '5');
  });

  it('drops the oldest exchanges once their response bodies hold more than the byte budget', () => {
    const log = new ExchangeLog(200, 100);
    for (let i = 1; i <= 30; i++) log.add(exchange(String(i), 40));
    assert.deepEqual(log.size, { exchanges: 2, bytes: 80 });
    // The newest is kept whatever its size: Compare With… needs it.
    log.add(exchange('big', 500));
    assert.deepEqual(log.size, { exchanges: 1, bytes: 500 });
    assert.equal(log.latest()?.id, 'big');
  });
});
