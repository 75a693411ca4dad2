import * as assert from 'node:assert/strict';
import { inspectBody } from '../../src/core/hooks/inspect';

const eventOf = (type: unknown): string | undefined =>
  inspectBody([], Buffer.from(JSON.stringify({ type })), 'application/json').event;

describe('event names from the network', () => {
  it('keep to one line: control characters, bidi overrides and line separators are replaced', () => {
    assert.equal(eventOf('push.opened\r\n· 200 · 1s ago'), 'push.opened\ufffd\ufffd· 200 · 1s ago');
    assert.equal(eventOf('a\u0000b\u001b[31mc\u009bd'), 'a\ufffdb\ufffd[31mc\ufffdd');
    assert.equal(eventOf('charge\u202Edeliver'), 'charge\ufffddeliver');
    assert.equal(eventOf('x\u2028y\u2066z'), 'x\ufffdy\ufffdz');
  });

  it('are never blank and never end in half a character', () => {
    assert.equal(eventOf('   '), undefined);
    assert.equal(eventOf(''), undefined);
    const cut = eventOf(`${'a'.repeat(99)}😀tail`);
    assert.equal(cut, 'a'.repeat(99));
    assert.equal(eventOf('  order.paid  '), 'order.paid');
    assert.equal(eventOf({ toString: 'x' }), undefined);
  });
});
