import * as assert from 'node:assert/strict';
import { readEnvironments } from '../../../src/core/pull/environments';

describe('core/pull/environments: REST Client shaped environments', () => {
  const setting = {
    $shared: { host: 'example.com', version: 'v1' },
    dev: { host: 'localhost:3000', token: 'dev-token' },
    prod: { token: 'prod-token', port: 443, debug: false },
  };

  it('lists the environments without $shared, in the order written', () => {
    assert.deepEqual(readEnvironments(setting).names, ['dev', 'prod']);
  });

  it('puts $shared under the selected environment', () => {
    const dev = readEnvironments(setting).select('dev');
    assert.equal(dev.name, 'dev');
    assert.equal(dev.variables.get('host'), 'localhost:3000');
    assert.equal(dev.shared.get('host'), 'example.com');
    assert.equal(dev.shared.get('version'), 'v1');
  });

  it('keeps numbers and booleans as text', () => {
    const prod = readEnvironments(setting).select('prod');
    assert.equal(prod.variables.get('port'), '443');
    assert.equal(prod.variables.get('debug'), 'false');
  });

  it('gives only $shared for no selection, an unknown name or $shared itself', () => {
    for (const name of ['', 'staging', '$shared']) {
      const env = readEnvironments(setting).select(name);
      assert.equal(env.name, '');
      assert.equal(env.variables.size, 0);
      assert.equal(env.shared.get('host'), 'example.com');
    }
  });

  it('says what it left out, and keeps the rest', () => {
    const read = readEnvironments({ dev: { a: 'x', b: { nested: 1 }, c: null, d: [1] }, broken: 'text' });
    assert.deepEqual(read.names, ['dev']);
    assert.deepEqual([...read.select('dev').variables], [['a', 'x']]);
    assert.deepEqual(read.problems, [
      'Variable "b" of environment "dev" is of type object, not text; it is left out.',
      'Variable "c" of environment "dev" is null, not text; it is left out.',
      'Variable "d" of environment "dev" is a list, not text; it is left out.',
      'Environment "broken" is not an object of variables; it is left out.',
    ]);
  });

  it('takes a setting that is not an object as no variables, with a problem', () => {
    assert.deepEqual(readEnvironments(['dev']).problems, [
      'The environments setting is not an object of environments; no variables apply.',
    ]);
    assert.deepEqual(readEnvironments(undefined).problems, []);
    assert.deepEqual(readEnvironments(undefined).names, []);
  });

  it('treats keys such as __proto__ as plain names', () => {
    const read = readEnvironments(JSON.parse('{"__proto__": {"a": "1"}, "dev": {"__proto__": "p"}}'));
    assert.deepEqual(read.names, ['__proto__', 'dev']);
    assert.equal(read.select('dev').variables.get('__proto__'), 'p');
    assert.equal(read.select('__proto__').variables.get('a'), '1');
  });
});
