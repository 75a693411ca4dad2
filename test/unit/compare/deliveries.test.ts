import * as assert from 'node:assert/strict';
import {
  deliveryFacts,
  deliveryFlagText,
  DeliveryTracker,
  HookDeliveryFlags,
} from '../../../src/core/compare/deliveries';

const json = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));

describe('deliveries: redeliveries and events out of order', () => {
  it('reads each provider’s delivery id, resource and event time', () => {
    assert.deepEqual(deliveryFacts({ headers: [['X-GitHub-Delivery', 'abc']] }), { deliveryId: 'github:abc' });
    assert.deepEqual(
      deliveryFacts(
        {
          headers: [
            ['webhook-id', 'msg_1'],
            ['webhook-timestamp', '1700000000'],
          ],
        },
        json({ data: { id: 'cus_1' } }),
      ),
      { deliveryId: 'webhook:msg_1', resource: 'cus_1', eventAt: 1_700_000_000_000 },
    );
    assert.deepEqual(
      deliveryFacts(
        { headers: [] },
        json({ id: 'evt_1', object: 'event', created: 1700000001, data: { object: { id: 'pi_1' } } }),
      ),
      { deliveryId: 'stripe:evt_1', resource: 'pi_1', eventAt: 1_700_000_001_000 },
    );
    assert.deepEqual(
      deliveryFacts(
        {
          headers: [
            ['X-Shopify-Webhook-Id', 'w1'],
            ['X-Shopify-Triggered-At', '2026-01-01T00:00:00Z'],
          ],
        },
        json({ id: 42 }),
      ),
      { deliveryId: 'shopify:w1', resource: '42', eventAt: Date.UTC(2026, 0, 1) },
    );
    assert.deepEqual(deliveryFacts({ headers: [['X-Gitlab-Event-UUID', 'g']] }), { deliveryId: 'gitlab:g' });
    assert.deepEqual(deliveryFacts({ headers: [] }, json({ event_id: 'Ev1', event_time: 5 })), {
      deliveryId: 'slack:Ev1',
      eventAt: 5000,
    });
    assert.deepEqual(deliveryFacts({ headers: [] }, Buffer.from('{"__proto__":{"id":"evt_x"}')), {});
    assert.deepEqual(deliveryFacts({ headers: [] }, Buffer.from('not json')), {});
  });

  it('flags the second delivery of an id as a redelivery and an earlier event for a resource as out of order', () => {
    const tracker = new DeliveryTracker();
    const stripe = (id: string, created: number) =>
      deliveryFacts({ headers: [] }, json({ id, object: 'event', created, data: { object: { id: 'pi_1' } } }));
    assert.deepEqual(tracker.add('h1', stripe('evt_1', 100)), []);
    assert.deepEqual(tracker.add('h2', stripe('evt_2', 300)), []);
    assert.deepEqual(tracker.add('h3', stripe('evt_1', 100)), ['redelivery']);
    assert.deepEqual(tracker.add('h4', stripe('evt_3', 200)), ['out-of-order']);
    assert.deepEqual(tracker.add('h5', {}), []);
    assert.deepEqual(tracker.flagsOf('h3'), ['redelivery']);
    assert.deepEqual(tracker.flagsOf('h1'), []);
    assert.equal(deliveryFlagText(['redelivery', 'out-of-order']), 'redelivery, out of order');
  });

  it('flags a view’s hooks from their headers, feeding only new hooks and starting afresh when the list shrinks', () => {
    const hook = (id: string, delivery: string) => ({ id, headers: [['X-GitHub-Delivery', delivery]] as const });
    const flags = new HookDeliveryFlags();
    flags.update([hook('002', 'b'), hook('001', 'a')]);
    assert.deepEqual(flags.flagsOf('002'), []);
    flags.update([hook('003', 'a'), hook('002', 'b'), hook('001', 'a')]);
    assert.deepEqual(flags.flagsOf('003'), ['redelivery']);
    flags.update([hook('003', 'a'), hook('002', 'b')]);
    assert.deepEqual(flags.flagsOf('003'), [], 'once the first delivery is deleted, the other is no redelivery');
  });
});
