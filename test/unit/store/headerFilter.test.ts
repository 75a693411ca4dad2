import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { matchesMeta, parseFilter } from '../../../src/core/hooks/query/filter';
import { DurableHookStore } from '../../../src/core/store/durable';
import { nthJsonString } from '../../../src/core/store/durable/storedMeta';
import { tempDir } from '../helpers';
import { makeHook } from './fixtures/hooks';

describe('Header filters on a durable store', function () {
  this.timeout(60_000);
  let dir: string;
  let store: DurableHookStore;

  before(async () => {
    dir = await tempDir('pushpull-header-filter-');
    store = await DurableHookStore.open(dir, { maxHooks: 0, maxBytes: 0 });
    // 1,000 hooks with 2,400 headers each, one of them named in two cases.
    const many: Array<[string, string]> = Array.from({ length: 2400 }, (_, i) => [`X-H-${i}`, `v${i}`]);
    for (let n = 0; n < 1000; n++) {
      const extra: Array<[string, string]> = [
        ['X-Event', n % 2 === 0 ? 'push' : 'issues'],
        ['x-event', `"quoted" \\ ${n}`],
      ];
      await store.add(makeHook(n, '{}', { headers: [...many, ...extra] }));
    }
  });

  after(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** How many hooks match `text`, and how many times JSON was parsed to find out. */
  function count(text: string): { matched: number; parses: number } {
    const filter = parseFilter(text);
    assert.ok(filter);
    const parse = JSON.parse;
    let parses = 0;
    JSON.parse = ((...args: Parameters<typeof JSON.parse>) => {
      parses++;
      return parse(...args) as unknown;
    }) as typeof JSON.parse;
    try {
      return { matched: store.list().filter((hook) => matchesMeta(filter, hook)).length, parses };
    } finally {
      JSON.parse = parse;
    }
  }

  it('decodes no header values of hooks without the header named', () => {
    const { matched, parses } = count('header:x-absent');
    assert.equal(matched, 0);
    assert.ok(parses < 10, `${parses} JSON parses for 1,000 hooks`);
  });

  it('matches names in any case, every value of a repeated name, and values with escapes', () => {
    assert.equal(count('header:x-event=push').matched, 500);
    assert.equal(count('header:X-EVENT').matched, 1000);
    assert.equal(count('header:x-event=\\').matched, 1000, 'a backslash, stored escaped');
    assert.equal(count('header:x-event="quoted"').matched, 1000, 'a value with quotes');
    assert.equal(count('header:x-event=" 999"').matched, 1);
    assert.equal(count('header:x-h-2399=v2399 header:x-event=issues').matched, 500);
    const { matched, parses } = count('header:x-h-0=v0');
    assert.equal(matched, 1000);
    assert.ok(parses <= 1000 + 10, `${parses} JSON parses: one value each, not 2,402`);
  });

  it('reads the nth string of a JSON array as JSON.parse does', () => {
    const arrays = [[], [''], ['a'], ['a', 'b', 'c'], ['"', '\\', '\\"', 'é', '\u2028', '\ud83d\ude00', '']];
    for (const array of arrays) {
      const json = JSON.stringify(array);
      for (let n = 0; n <= array.length; n++) assert.equal(nthJsonString(json, n), array[n], `${json} [${n}]`);
    }
    assert.equal(nthJsonString('[ "spaced" , "x" ]', 1), 'x');
    assert.equal(nthJsonString('["a",1]', 1), undefined);
  });
});
