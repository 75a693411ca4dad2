import * as assert from 'node:assert/strict';
import { MAX_SENDERS, RateLimiter, senderOf } from '../../src/core/hooks/rateLimit';

describe('RateLimiter (a token bucket per sender)', () => {
  it('lets a sender send a burst of perSecond, then one more per 1/perSecond of a second', () => {
    const limiter = new RateLimiter(4);
    const at = 1_000_000;
    assert.deepEqual(
      Array.from({ length: 6 }, () => limiter.take('a', at)),
      [0, 0, 0, 0, 1, 1],
    );
    assert.equal(limiter.take('a', at + 249), 1, 'not yet a whole token');
    assert.equal(limiter.take('a', at + 250), 0);
    assert.equal(limiter.take('a', at + 10_000), 0, 'a quiet sender has a full bucket again…');
    assert.deepEqual(
      Array.from({ length: 4 }, () => limiter.take('a', at + 10_000)),
      [0, 0, 0, 1],
      '…and no more than that',
    );
  });

  it('refills nothing when the clock is set back', () => {
    const limiter = new RateLimiter(1);
    assert.equal(limiter.take('a', 5000), 0);
    assert.equal(limiter.take('a', 1000), 1);
    assert.equal(limiter.take('a', 1999), 1);
    assert.equal(limiter.take('a', 2000), 0);
  });

  it('takes 0 per second as no limit and keeps no bucket then', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) assert.equal(limiter.take(`s${i}`, 0), 0);
    assert.equal(limiter.senders, 0);
  });

  it('keeps at most maxSenders buckets, forgetting the sender heard from longest ago', () => {
    const limiter = new RateLimiter(1, 3);
    for (const sender of ['a', 'b', 'c']) assert.equal(limiter.take(sender, 0), 0);
    assert.equal(limiter.take('a', 0), 1, 'a is now the one heard from last');
    assert.equal(limiter.take('d', 0), 0);
    assert.equal(limiter.senders, 3);
    assert.equal(limiter.take('a', 0), 1, 'a is still limited');
    assert.equal(limiter.take('c', 0), 1, 'c is still limited');
    assert.equal(limiter.take('b', 0), 0, 'b was forgotten: it starts with a full bucket');
  });

  it('stays bounded however many addresses send', () => {
    const limiter = new RateLimiter(100);
    for (let i = 0; i < 3 * MAX_SENDERS; i++) limiter.take(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, i);
    assert.equal(limiter.senders, MAX_SENDERS);
  });
});

describe('senderOf', () => {
  it('is the IPv4 address, also when the socket reports it IPv4-mapped', () => {
    assert.equal(senderOf('203.0.113.7'), '203.0.113.7');
    assert.equal(senderOf('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(senderOf('::FFFF:127.0.0.1'), '127.0.0.1');
  });

  it('is the /64 network of an IPv6 address, however it is written', () => {
    const network = '2001:db8:abcd:12::/64';
    for (const address of [
      '2001:db8:abcd:12::1',
      '2001:db8:abcd:12:ffff:ffff:ffff:ffff',
      '2001:0db8:abcd:0012:0000:0000:0000:0002',
      '2001:db8:abcd:12:1::',
      '2001:db8:abcd:12::1%eth0',
    ]) {
      assert.equal(senderOf(address), network, address);
    }
    assert.equal(senderOf('::1'), '0:0:0:0::/64');
    assert.equal(senderOf('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(senderOf('1::2:3:4:5:6.7.8.9'), '1:0:2:3::/64');
    assert.equal(senderOf('64:ff9b::192.0.2.1'), '64:ff9b:0:0::/64');
    assert.notEqual(senderOf('2001:db8:abcd:13::1'), network);
  });

  it('is the address as given when it is not an IP address, and empty when there is none', () => {
    assert.equal(senderOf(undefined), '');
    assert.equal(senderOf('not an address'), 'not an address');
  });
});
