import * as assert from 'node:assert/strict';
import { withHookValues } from '../../../src/ui/compare/hookVariables';

const hook = { headers: [['X-GitHub-Delivery', 'd-42'] as const, ['Content-Type', 'application/json'] as const] };
const body = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));

describe('hydrate: values taken from the hook', () => {
  it('puts a body value by JSONPath and a header by name (any case) into the request', () => {
    const text = 'GET /v1/customers/{{$hook.body.$.data.object.id}}\nX-Delivery: {{ $hook.headers.x-github-delivery }}';
    assert.equal(
      withHookValues(text, hook, body({ data: { object: { id: 'cus_7' } } })),
      'GET /v1/customers/cus_7\nX-Delivery: d-42',
    );
  });

  it('writes numbers and other JSON as JSON, and leaves other variables alone', () => {
    assert.equal(withHookValues('{{$hook.body.$.n}} {{host}}', hook, body({ n: 12345678901 })), '12345678901 {{host}}');
  });

  it('refuses a missing value, a body that is not JSON, and values that would add lines or variables', () => {
    assert.throws(() => withHookValues('{{$hook.body.$.nothing}}', hook, body({})), { code: 'HOOK_VALUE_MISSING' });
    assert.throws(() => withHookValues('{{$hook.headers.X-None}}', hook, body({})), { code: 'HOOK_VALUE_MISSING' });
    assert.throws(() => withHookValues('{{$hook.body.$.a}}', hook, Buffer.from('not json')), {
      code: 'HOOK_BODY_NOT_JSON',
    });
    assert.throws(() => withHookValues('{{$hook.body.$.a}}', hook, body({ a: 'x\r\nEvil: 1' })), {
      code: 'HOOK_VALUE_UNSAFE',
    });
    assert.throws(() => withHookValues('{{$hook.body.$.a}}', hook, body({ a: '{{$processEnv HOME}}' })), {
      code: 'HOOK_VALUE_UNSAFE',
    });
  });

  it('never evaluates script in a filter, and a __proto__ key is plain data', () => {
    assert.throws(() =>
      withHookValues('{{$hook.body.$[?(@.constructor.constructor("return 1")())]}}', hook, body({ a: 1 })),
    );
    const proto = Buffer.from('{"__proto__":{"id":"p-1"}}');
    assert.equal(withHookValues("{{$hook.body.$['__proto__'].id}}", hook, proto), 'p-1');
    assert.equal(({} as Record<string, unknown>).id, undefined);
  });
});
