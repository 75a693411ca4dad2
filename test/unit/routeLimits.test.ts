import * as assert from 'node:assert/strict';
import { parseRoutes, RouteConfigError } from '../../src/core/hooks/routes';
import { listenerPerTest, send } from './helpers';

/** Two routes, the second one answering with `response`: errors must name routes[1]. */
function withResponse(response: Record<string, unknown>): unknown {
  return [
    { name: 'first', pathPrefix: '/a' },
    { name: 'second', pathPrefix: '/b', response },
  ];
}

function parsedResponse(response: Record<string, unknown>) {
  return parseRoutes(withResponse(response))[1]?.response;
}

function refusal(response: Record<string, unknown>): string {
  try {
    parseRoutes(withResponse(response));
  } catch (error) {
    assert.ok(error instanceof RouteConfigError, String(error));
    return error.message;
  }
  assert.fail(`${JSON.stringify(response)} was accepted`);
}

describe('route response limits, at and just past each bound', () => {
  describe('status: a whole number from 200 to 599', () => {
    const message = 'routes[1].response.status must be a whole number from 200 to 599.';

    it('refuses 199, one below the lowest', () => {
      assert.equal(refusal({ status: 199 }), message);
    });

    it('accepts 200, the lowest, and 599, the highest', () => {
      assert.equal(parsedResponse({ status: 200 })?.status, 200);
      assert.equal(parsedResponse({ status: 599 })?.status, 599);
    });

    it('refuses 600, one above the highest', () => {
      assert.equal(refusal({ status: 600 }), message);
    });

    it('refuses a fraction and a number written as text', () => {
      assert.equal(refusal({ status: 200.5 }), message);
      assert.equal(refusal({ status: '200' }), message);
    });
  });

  describe('delayMs: whole milliseconds from 0 to 60000', () => {
    const message = 'routes[1].response.delayMs must be a whole number of milliseconds from 0 to 60000.';

    it('accepts 0, the lowest, and 60000, the highest', () => {
      assert.equal(parsedResponse({ delayMs: 0 })?.delayMs, 0);
      assert.equal(parsedResponse({ delayMs: 60_000 })?.delayMs, 60_000);
    });

    it('refuses 60001, one above the highest', () => {
      assert.equal(refusal({ delayMs: 60_001 }), message);
    });

    it('refuses -1, one below the lowest', () => {
      assert.equal(refusal({ delayMs: -1 }), message);
    });

    it('refuses a fraction of a millisecond and a number written as text', () => {
      assert.equal(refusal({ delayMs: 0.5 }), message);
      assert.equal(refusal({ delayMs: 1500.25 }), message);
      assert.equal(refusal({ delayMs: '10' }), message);
    });
  });
});

describe('HookListener answers with the extreme statuses a route may have', () => {
  const fixture = listenerPerTest();

  it('answers 200 and 599 as configured, with no delay at 0', async () => {
    const routes = parseRoutes([
      { name: 'low', pathPrefix: '/low', response: { status: 200, body: 'low', delayMs: 0 } },
      { name: 'high', pathPrefix: '/high', response: { status: 599, body: 'high', delayMs: 0 } },
    ]);
    const { url } = await fixture.listener.start({ port: 0, routes });
    const low = await send(`${url}/low`, { body: '{}' });
    const high = await send(`${url}/high`, { body: '{}' });
    assert.deepEqual([low.status, low.body.toString()], [200, 'low']);
    assert.deepEqual([high.status, high.body.toString()], [599, 'high']);
    assert.deepEqual(
      fixture.store.list().map((hook) => [hook.route, hook.answerStatus]),
      [
        ['high', 599],
        ['low', 200],
      ],
    );
  });
});
