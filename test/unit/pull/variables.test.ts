import * as assert from 'node:assert/strict';
import { newDraft } from '../../../src/webview/requestPanel/panelProtocol';
import type { RequestDraft } from '../../../src/core/pull/draft';
import { readEnvironments, type Environment } from '../../../src/core/pull/environments';
import {
  MAX_VARIABLE_DEPTH,
  VariableError,
  VariableResolver,
  resolveText,
  unresolvedNames,
} from '../../../src/core/pull/variables';

function env(setting: unknown, name = 'dev'): Environment {
  return readEnvironments(setting).select(name);
}

function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof VariableError, String(error));
    return `${error.code}: ${error.message}`;
  }
  assert.fail('expected a VariableError');
}

describe('core/pull/variables: {{name}} substitution', () => {
  const dev = env({
    $shared: { host: 'example.com', base: 'https://{{host}}/{{version}}', version: 'v1' },
    dev: { host: 'localhost:3000', token: 'abc', url: '{{base}}/users' },
  });

  it('substitutes names, with spaces inside the braces allowed', () => {
    assert.equal(resolveText('Bearer {{token}} and {{ token }}', dev), 'Bearer abc and abc');
  });

  it('lets variables use others, the environment winning over $shared at every level', () => {
    assert.equal(resolveText('{{url}}', dev), 'https://localhost:3000/v1/users');
    assert.equal(resolveText('{{url}}', env({ $shared: { host: 'h', url: 'u://{{host}}' } }, '')), 'u://h');
  });

  it('reads {{$shared name}} from $shared only', () => {
    assert.equal(resolveText('{{$shared host}} / {{host}}', dev), 'example.com / localhost:3000');
    const own = env({ $shared: { host: 'shared-host' }, dev: { host: 'dev.{{$shared host}}' } });
    assert.equal(resolveText('{{host}}', own), 'dev.shared-host');
  });

  it('leaves unknown names as written and reports them, also through other variables', () => {
    const resolver = new VariableResolver(env({ dev: { a: '{{b}}-{{c}}', c: 'C' } }));
    assert.deepEqual(resolver.resolve('x {{ a }} {{nope}}'), { text: 'x {{b}}-C {{nope}}', missing: ['b', 'nope'] });
  });

  it('turns \\{\\{ and \\}\\} into literal braces, never substituted', () => {
    assert.equal(resolveText('\\{\\{token\\}\\} is {{token}}', dev), '{{token}} is abc');
    assert.equal(resolveText('{{literal}}', env({ dev: { literal: '\\{\\{token\\}\\}' } })), '{{token}}');
  });

  it('leaves text that is not a variable alone', () => {
    for (const text of ['{{', '{{ a b }}', '{"a":{"b":1}}', '{ {token} }', 'end {{token', '\\{token}', '}}']) {
      assert.equal(resolveText(text, dev), text);
    }
    assert.equal(resolveText('', dev), '');
  });

  it('finds a variable after braces that hold something else', () => {
    assert.equal(resolveText('{"a": "{{", "b": "{{token}}"}', dev), '{"a": "{{", "b": "abc"}');
    assert.equal(resolveText('{{ {{token}} }}', dev), '{{ abc }}');
    assert.equal(resolveText('{{{token}}}', dev), '{{{token}}}');
  });

  it('reads at most 200 characters between the braces, so many open braces cost little', () => {
    const long = `{{${'a'.repeat(201)}}}`;
    assert.equal(new VariableResolver(dev).resolve(long).missing.length, 0);
    assert.deepEqual(new VariableResolver(dev).resolve(`{{${'a'.repeat(200)}}}`).missing, ['a'.repeat(200)]);
    const hostile = `${'{{'.repeat(200_000)}}}`;
    assert.equal(resolveText(hostile, dev), hostile);
  });

  it('leaves unknown {{$…}} system variables for .http files, without reporting them', () => {
    const resolver = new VariableResolver(dev);
    assert.deepEqual(resolver.resolve('{{$processEnv HOME}} {{$dotenv X}}'), {
      text: '{{$processEnv HOME}} {{$dotenv X}}',
      missing: [],
    });
  });

  it('names the cycle instead of hanging', () => {
    assert.equal(
      code(() => resolveText('{{a}}', env({ dev: { a: 'x{{b}}', b: '{{c}}', c: '{{a}}' } }))),
      'VARIABLE_CYCLE: The variables use each other in a circle: a → b → c → a. Change one of them so that the ' +
        'circle ends.',
    );
    assert.match(
      code(() => resolveText('{{self}}', env({ dev: { self: '{{ self }}' } }))),
      /circle: self → self\./,
    );
    assert.match(
      code(() => resolveText('{{x}}', env({ $shared: { x: '{{$shared x}}' } }, ''))),
      /circle: \$shared x → \$shared x\./,
    );
  });

  it('stops exponential growth through nested variables with a clear error', () => {
    const table: Record<string, string> = { a0: 'xxxxxxxx' };
    for (let i = 1; i <= 60; i++) table[`a${i}`] = `{{a${i - 1}}}{{a${i - 1}}}`;
    const message = code(() => resolveText('{{a60}}', env({ dev: table })));
    assert.match(message, /^VARIABLE_TOO_LONG: \{\{a\d+\}\} grows beyond 8,000,000 characters/);
  });

  it('bounds the whole text too, and lets a long text without variables through', () => {
    const small = { maxLength: 10 };
    assert.match(
      code(() => resolveText('{{a}}{{a}}', env({ dev: { a: '123456' } }), small)),
      /^VARIABLE_TOO_LONG: The text/,
    );
    assert.equal(resolveText('{{a}}{{a}}', env({ dev: { a: '12345' } }), small), '1234512345');
    const long = 'y'.repeat(50);
    assert.equal(resolveText(long, dev, small), long);
  });

  it('stops variables nested deeper than the limit', () => {
    const table: Record<string, string> = { v0: 'end' };
    for (let i = 1; i <= MAX_VARIABLE_DEPTH + 5; i++) table[`v${i}`] = `{{v${i - 1}}}`;
    assert.equal(resolveText(`{{v${MAX_VARIABLE_DEPTH - 1}}}`, env({ dev: table })), 'end');
    assert.match(
      code(() => resolveText(`{{v${MAX_VARIABLE_DEPTH + 5}}}`, env({ dev: table }))),
      /^VARIABLE_TOO_DEEP/,
    );
  });

  it('resolves each variable once per resolver', () => {
    let calls = 0;
    const resolver = new VariableResolver(env({ dev: { id: '{{$guid}}' } }), { guid: () => `g${++calls}` });
    assert.equal(resolver.resolve('{{id}} {{id}}').text, 'g1 g1');
    assert.equal(resolver.resolve('{{$guid}} {{$guid}}').text, 'g2 g3');
  });
});

describe('core/pull/variables: system variables', () => {
  const at = Date.UTC(2024, 0, 31, 12, 0, 0, 500);
  const options = { clock: { now: () => at }, random: () => 0.5, guid: () => 'the-guid' };
  const none = env({}, '');

  it('gives $guid, $timestamp and $isoTimestamp from the injected sources', () => {
    assert.equal(resolveText('{{$guid}}', none, options), 'the-guid');
    assert.equal(resolveText('{{$timestamp}}', none, options), String(Math.floor(at / 1000)));
    assert.equal(resolveText('{{$isoTimestamp}}', none, options), '2024-01-31T12:00:00.500Z');
  });

  it('gives a real guid and the time by default', () => {
    assert.match(
      resolveText('{{$guid}}', none),
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert.match(resolveText('{{$timestamp}}', none), /^\d{10}$/);
  });

  it('applies offsets in every unit', () => {
    const iso = (offset: string): string => resolveText(`{{$isoTimestamp ${offset}}}`, none, options);
    assert.equal(iso('-1 d'), '2024-01-30T12:00:00.500Z');
    assert.equal(iso('2 h'), '2024-01-31T14:00:00.500Z');
    assert.equal(iso('+3 m'), '2024-01-31T12:03:00.500Z');
    assert.equal(iso('10 s'), '2024-01-31T12:00:10.500Z');
    assert.equal(iso('500 ms'), '2024-01-31T12:00:01.000Z');
    assert.equal(iso('1 w'), '2024-02-07T12:00:00.500Z');
    assert.equal(iso('1 M'), '2024-03-02T12:00:00.500Z');
    assert.equal(iso('-1 y'), '2023-01-31T12:00:00.500Z');
    assert.equal(resolveText('{{$timestamp -1 s}}', none, options), String(Math.floor(at / 1000) - 1));
  });

  it('gives $randomInt from min up to, not including, max', () => {
    const pick = (r: number, args: string): string => resolveText(`{{$randomInt ${args}}}`, none, { random: () => r });
    assert.equal(pick(0, '5 10'), '5');
    assert.equal(pick(0.999999, '5 10'), '9');
    assert.equal(pick(0.5, '-10 10'), '0');
  });

  it('reports unusable arguments as sentences', () => {
    const bad = (text: string): string => code(() => resolveText(text, none, options));
    assert.equal(bad('{{$randomInt 10 5}}'), 'VARIABLE_ARGUMENT: {{$randomInt 10 5}}: 10 is not below 5.');
    assert.match(bad('{{$randomInt 1}}'), /takes two whole numbers/);
    assert.match(bad('{{$randomInt a b}}'), /takes two whole numbers/);
    assert.match(bad('{{$guid x}}'), /\$guid takes no arguments/);
    assert.match(bad('{{$timestamp 1 parsec}}'), /"parsec" is not a unit of time/);
    assert.match(bad('{{$timestamp x d}}'), /an offset is a whole number and a unit/);
    assert.match(bad('{{$isoTimestamp 999999999999999 y}}'), /beyond the dates/);
  });
});

describe('core/pull/variables: unresolvedNames', () => {
  const environment = env({ $shared: { host: 'h' }, dev: { chain: '{{deep}}', loop: '{{loop}}' } });
  const draft = (change: Partial<RequestDraft>): RequestDraft => ({ ...newDraft('d'), ...change });

  it('lists names from the URL, enabled headers, the selected body mode and auth fields, once each', () => {
    const names = unresolvedNames(
      draft({
        url: 'https://{{host}}/{{path}}?q={{path}}',
        headers: [
          { enabled: true, name: 'X-{{hname}}', value: '{{chain}}' },
          { enabled: false, name: 'X-Off', value: '{{disabled}}' },
        ],
        body: {
          mode: 'form',
          text: '{{notSentText}}',
          form: [{ enabled: true, name: 'f', value: '{{formValue}}' }],
          multipart: [],
          file: '',
          graphql: { query: '', variables: '' },
        },
        auth: { kind: 'oauth2', tokenUrl: '{{tokenUrl}}', clientId: 'c', scope: '{{scope}}', clientAuth: 'body' },
      }),
      environment,
    );
    assert.deepEqual(names, ['path', 'hname', 'deep', 'formValue', 'tokenUrl', 'scope']);
  });

  it('skips a field whose variables form a cycle instead of throwing', () => {
    assert.deepEqual(
      unresolvedNames(
        draft({ url: '{{loop}}/{{x}}', headers: [{ enabled: true, name: 'A', value: '{{y}}' }] }),
        environment,
      ),
      ['y'],
    );
  });
});
