import * as assert from 'node:assert/strict';
import { JSONPath } from 'jsonpath-plus';
import { CompareError, compareStructures, normalisedDocument } from '../../../src/core/compare/structural';
import type { ComparedPayload, CompareOptions } from '../../../src/core/compare/types';

const json = (text: string): ComparedPayload => ({ bytes: Buffer.from(text), contentType: 'application/json' });

function refused(code: string, run: () => unknown): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof CompareError, String(error));
    assert.equal(error.code, code);
    assert.ok(!error.message.includes('\n') && error.message.length < 200, error.message);
    return true;
  });
}

describe('compareStructures: hostile and odd input', () => {
  afterEach(() => {
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined, 'Object.prototype is untouched');
  });

  it('refuses 100,000 levels of JSON or XML with TOO_DEEP, closed or not, on either side', () => {
    const deep = 100_000;
    refused('TOO_DEEP', () => compareStructures(json('['.repeat(deep) + ']'.repeat(deep)), json('[]')));
    refused('TOO_DEEP', () => compareStructures(json('{}'), json('{"a":'.repeat(deep) + '1' + '}'.repeat(deep))));
    refused('TOO_DEEP', () => compareStructures(json('['.repeat(deep)), json('[]')));
    const xml = { bytes: Buffer.from('<a>'.repeat(deep) + '</a>'.repeat(deep)), contentType: 'application/xml' };
    refused('TOO_DEEP', () => compareStructures(xml, json('{}')));
    refused('TOO_DEEP', () => normalisedDocument(json('['.repeat(deep) + ']'.repeat(deep)), undefined));
  });

  it('keeps __proto__, constructor and prototype keys as plain data, in JSON, forms and XML', () => {
    const left = json('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}');
    const right = json('{"__proto__":{"polluted":2},"constructor":{"prototype":{"polluted":1}},"toString":1}');
    const diff = compareStructures(left, right);
    assert.deepEqual(JSON.parse(JSON.stringify(diff.changed)), [{ path: '$.__proto__.polluted', left: 1, right: 2 }]);
    assert.equal(diff.onlyRight[0]?.path, '$.toString');
    const whole = compareStructures(json('[]'), json(`[${Buffer.from(left.bytes).toString()}]`)).onlyRight[0]
      ?.value as object;
    assert.equal(Object.getPrototypeOf(whole), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(whole, '__proto__'));
    const form = { bytes: Buffer.from('__proto__=1&constructor=2'), contentType: 'application/x-www-form-urlencoded' };
    assert.deepEqual(
      compareStructures(form, json('{"__proto__":"1","constructor":"3"}')).changed.map((d) => d.path),
      ['$.constructor'],
    );
    const xml = {
      bytes: Buffer.from('<__proto__ polluted="1"><constructor>x</constructor></__proto__>'),
      contentType: 'text/xml',
    };
    assert.equal(compareStructures(xml, xml).same, true);
    const ignored = compareStructures(left, right, {
      left: { ignore: ['$.__proto__'] },
      right: { ignore: ['$.__proto__'] },
    });
    assert.deepEqual(
      ignored.onlyRight.map((d) => d.path),
      ['$.toString'],
    );
  });

  it('never evaluates script in a path: filters run in safe mode, bad paths are BAD_PATH', () => {
    const options: CompareOptions = { left: { ignore: ["$..[?(@.constructor.constructor('return process')())]"] } };
    refused('BAD_PATH', () => compareStructures(json('{"a":{"b":1}}'), json('{}'), options));
    refused('BAD_PATH', () => compareStructures(json('{}'), json('{}'), { right: { path: 'data.object' } }));
    refused('BAD_PATH', () => compareStructures(json('{}'), json('{}'), { right: { path: "$['a" } }));
    refused('BAD_PATH', () => compareStructures(json('{}'), json('{}'), { left: { ignore: ['$'] } }));
    refused('NO_MATCH', () => compareStructures(json('{"data":{}}'), json('{}'), { left: { path: '$.data.object' } }));
  });

  it('refuses what is not a tree with NOT_A_TREE: binary, empty, broken JSON, broken XML', () => {
    refused('NOT_A_TREE', () => compareStructures({ bytes: Buffer.from([0xff, 0xfe, 0x00, 0x80]) }, json('{}')));
    refused('NOT_A_TREE', () => compareStructures(json(''), json('{}')));
    refused('NOT_A_TREE', () => compareStructures(json('{"a":'), json('{}')));
    refused('NOT_A_TREE', () => compareStructures({ bytes: Buffer.from('<a><b></a>') }, json('{}')));
  });

  it('compares arrays of 300,000 elements, and 50,000 keyed objects in reverse order, in one pass', function () {
    this.timeout(60_000);
    const numbers = Array.from({ length: 300_000 }, (_, i) => i);
    const changed = [...numbers];
    changed[299_999] = -1;
    const diff = compareStructures(json(JSON.stringify(numbers)), json(JSON.stringify(changed)));
    assert.deepEqual(diff.changed, [{ path: '$[299999]', left: 299_999, right: -1 }]);
    const items = Array.from({ length: 50_000 }, (_, i) => ({ id: i, name: `item ${i}` }));
    const reversed = [...items].reverse();
    assert.equal(
      compareStructures(json(JSON.stringify(items)), json(JSON.stringify(reversed)), { arrayKey: 'id' }).same,
      true,
    );
  });
});

describe('compareStructures: paths, numbers and trees', () => {
  it('writes odd keys quoted, keyed elements as filters, and jsonpath-plus finds each path it writes', () => {
    const left = {
      'odd key': 1,
      "it's": { 'a\\b': 1 },
      list: [
        { id: "x'y", v: 1 },
        { id: -2, v: 1 },
      ],
      '0': 1,
    };
    const right = {
      'odd key': 2,
      "it's": { 'a\\b': 2 },
      list: [
        { id: -2, v: 2 },
        { id: "x'y", v: 2 },
      ],
      '0': 2,
    };
    const diff = compareStructures(json(JSON.stringify(left)), json(JSON.stringify(right)), { arrayKey: 'id' });
    assert.deepEqual(
      diff.changed.map((d) => d.path),
      ["$['0']", "$['it\\'s']['a\\\\b']", '$.list[?(@.id==-2)].v', "$.list[?(@.id=='x\\'y')].v", "$['odd key']"],
    );
    // Quotes and backslashes in keys are escaped as RFC 9535 writes them, which jsonpath-plus does not read.
    for (const change of diff.changed.filter((d) => !d.path.includes('\\'))) {
      assert.deepEqual(JSONPath({ path: change.path, json: left, wrap: true, eval: 'safe' }), [1], change.path);
    }
  });

  it('keeps numbers exact: past 2^53 they differ by one digit; 1.10 and 1.1, 1e400 and 1E400 are equal', () => {
    const diff = compareStructures(
      json('{"big":12345678901234567891,"a":1.10,"huge":1e400}'),
      json('{"big":12345678901234567892,"a":1.1,"huge":1E400}'),
    );
    assert.deepEqual(diff.changed, [{ path: '$.big', left: '12345678901234567891', right: '12345678901234567892' }]);
    assert.match(normalisedDocument(json('{"b":12345678901234567891}'), undefined).text, /12345678901234567891/);
  });

  it('reports a subtree on one side once at its root, and a type change only as a type change', () => {
    const diff = compareStructures(json('{"a":{"b":{"c":[1,2]}},"n":"5","o":[1]}'), json('{"n":5,"o":{"0":1}}'));
    assert.deepEqual(diff.onlyLeft, [{ path: '$.a', value: { b: { c: [1, 2] } } }]);
    assert.deepEqual(
      diff.typeChanged.map((d) => d.path),
      ['$.n', '$.o'],
    );
    assert.deepEqual(diff.changed, []);
  });

  it('maps form bodies and XML to trees, and compares a sub-path that selects several values as their array', () => {
    const form = { bytes: Buffer.from('a=1&b=2&b=3&c=x%20y'), contentType: 'application/x-www-form-urlencoded' };
    assert.equal(compareStructures(form, json('{"a":"1","b":["2","3"],"c":"x y"}')).same, true);
    const xml = {
      bytes: Buffer.from(
        '<?xml version="1.0"?><order id="7"><item>a &amp; b</item><item><![CDATA[<c>]]></item><note/></order>',
      ),
      contentType: 'application/xml; charset=utf-8',
    };
    const diff = compareStructures(xml, json('{"order":{"@id":"7","item":["a & b","<c>"],"note":""}}'));
    assert.equal(diff.same, true, JSON.stringify(diff));
    const several = compareStructures(json('{"items":[{"p":1},{"p":2}]}'), json('[1,2]'), {
      left: { path: '$.items[*].p' },
    });
    assert.equal(several.same, true);
  });

  it('falls back to index order when an array has a duplicate or missing key', () => {
    const diff = compareStructures(json('[{"id":1},{"id":1}]'), json('[{"id":1},{"id":2}]'), { arrayKey: 'id' });
    assert.deepEqual(diff.changed, [{ path: '$[1].id', left: 1, right: 2 }]);
    const doc = normalisedDocument(json('[{"id":2},{"id":1}]'), undefined, 'id');
    assert.equal(doc.text, '[\n  {\n    "id": 1\n  },\n  {\n    "id": 2\n  }\n]');
    assert.equal(doc.lineOf('$[0]'), 4, 'an index path names the element as it came');
    assert.equal(doc.lineOf('$[?(@.id==1)]'), 1);
    assert.equal(doc.lineOf('$[?(@.nope==1)]'), undefined);
    assert.equal(doc.lineOf('not a path'), undefined);
  });
});
