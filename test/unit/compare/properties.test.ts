import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { indexSegment, memberSegment } from '../../../src/core/compare/pathText';
import { compareStructures, normalisedDocument } from '../../../src/core/compare/structural';
import type { ComparedPayload, StructuralDiff } from '../../../src/core/compare/types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const payload = (text: string): ComparedPayload => ({ bytes: Buffer.from(text), contentType: 'application/json' });

/** JSON text with every object's keys written in reverse order. */
function reversedKeys(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(reversedKeys).join(',')}]`;
  const keys = Object.keys(value).reverse();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${reversedKeys(value[key]!)}`).join(',')}}`;
}

function differences(diff: StructuralDiff): number {
  return diff.changed.length + diff.onlyLeft.length + diff.onlyRight.length + diff.typeChanged.length;
}

/** Every scalar in the tree with the path the diff reports for it (by index: no key given). */
function leaves(value: Json, path = '$', out: Array<[string, Json]> = []): Array<[string, Json]> {
  if (value === null || typeof value !== 'object') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((item, i) => leaves(item, path + indexSegment(i), out));
  else for (const key of Object.keys(value)) leaves(value[key]!, path + memberSegment(key), out);
  return out;
}

/** The tree with the scalar at the `n`th leaf replaced (as own data, `__proto__` included). */
function replaced(value: Json, n: { left: number }, next: (old: Json) => Json): Json {
  if (value === null || typeof value !== 'object') return n.left-- === 0 ? next(value) : value;
  if (Array.isArray(value)) return value.map((item) => replaced(item, n, next));
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, key, { value: replaced(value[key]!, n, next), enumerable: true, writable: true });
  }
  return out;
}

/** Numbers a double cannot hold exactly are reported as written, as strings. */
function reported(value: Json): Json {
  if (value === 0) return 0; // -0 is written as 0
  return typeof value === 'number' && Math.abs(value) > Number.MAX_SAFE_INTEGER ? JSON.stringify(value) : value;
}

const tree = fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>;

describe('compareStructures: invariants (fast-check)', () => {
  it('a document compared with itself is the same, whatever its key order', () => {
    fc.assert(
      fc.property(tree, (value) => {
        const text = JSON.stringify(value);
        assert.equal(compareStructures(payload(text), payload(text)).same, true);
        assert.deepEqual(differences(compareStructures(payload(text), payload(reversedKeys(value)))), 0);
      }),
      { numRuns: 300 },
    );
  });

  it('with a key, the order of an array of objects never counts', () => {
    const items = fc
      .uniqueArray(fc.oneof(fc.integer(), fc.string({ maxLength: 6 })), { maxLength: 20 })
      .chain((ids) =>
        fc.tuple(
          fc.constant(ids),
          fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: ids.length, maxLength: ids.length }),
          fc.array(fc.nat(), { minLength: ids.length, maxLength: ids.length }),
        ),
      );
    fc.assert(
      fc.property(items, ([ids, values, order]) => {
        const list = ids.map((id, i) => ({ id, value: values[i] as Json }));
        const shuffled = list
          .map((item, i) => ({ item, rank: order[i]! }))
          .sort((a, b) => a.rank - b.rank)
          .map(({ item }) => item);
        const diff = compareStructures(payload(JSON.stringify({ list })), payload(JSON.stringify({ list: shuffled })), {
          arrayKey: 'id',
        });
        assert.equal(diff.same, true, JSON.stringify(diff));
      }),
      { numRuns: 200 },
    );
  });

  it('each injected change is reported once, at its path, and found on its line in both documents', () => {
    const withLeaf = tree
      .filter((value) => leaves(value).length > 0)
      .chain((value) => fc.tuple(fc.constant(value), fc.nat({ max: leaves(value).length - 1 })));
    fc.assert(
      fc.property(withLeaf, ([value, n]) => {
        const [path, old] = leaves(value)[n]!;
        const next = (was: Json): Json =>
          was === null
            ? 0
            : typeof was === 'number'
              ? was === 0
                ? 1
                : -was
              : typeof was === 'string'
                ? `${was}!`
                : !was;
        const changed = replaced(value, { left: n }, next);
        const left = payload(JSON.stringify(value));
        const right = payload(JSON.stringify(changed));
        const diff = compareStructures(left, right);
        assert.equal(differences(diff), 1, JSON.stringify(diff));
        const list = old === null ? diff.typeChanged : diff.changed;
        assert.deepEqual(list, [{ path, left: reported(old), right: reported(next(old)) }]);
        const leftDocument = normalisedDocument(left, undefined);
        const rightDocument = normalisedDocument(right, undefined);
        const leftLine = leftDocument.text.split('\n')[leftDocument.lineOf(path) ?? -1];
        const rightLine = rightDocument.text.split('\n')[rightDocument.lineOf(path) ?? -1];
        assert.ok(leftLine?.includes(JSON.stringify(old)), `${path} on ${leftLine}`);
        assert.ok(rightLine?.includes(JSON.stringify(next(old))), `${path} on ${rightLine}`);
      }),
      { numRuns: 300 },
    );
  });
});
