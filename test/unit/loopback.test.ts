import * as assert from 'node:assert/strict';
import { isLoopback } from '../../src/core/hooks/loopback';

describe('isLoopback', () => {
  it('takes only addresses and names that stay on this machine', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST.', '::ffff:127.0.0.1']) {
      assert.equal(isLoopback(host), true, host);
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.2', '127.evil.com', 'localhost.evil.com', '128.0.0.1', '']) {
      assert.equal(isLoopback(host), false, host);
    }
  });
});
