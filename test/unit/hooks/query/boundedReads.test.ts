import * as assert from 'node:assert/strict';
import { eachConcurrently, withinBudget } from '../../../../src/core/hooks/query/boundedReads';
import { hookMeta } from '../../helpers';

describe('Bounded body reads', () => {
  const sized = (...sizes: number[]) => sizes.map((bodySize, i) => hookMeta({ id: String(i), bodySize }));
  const ids = (hooks: ReadonlyArray<{ id: string }>) => hooks.map((h) => h.id);

  it('takes hooks in order while their bodies fit, passing over one that does not', () => {
    assert.deepEqual(ids(withinBudget(sized(40, 50, 20, 10, 5), 100)), ['0', '1', '3']);
    assert.deepEqual(ids(withinBudget(sized(150, 50, 60), 100)), ['1']);
    assert.deepEqual(ids(withinBudget(sized(1, 2), Number.POSITIVE_INFINITY)), ['0', '1']);
  });

  it('with atLeastOne, reads a first body larger than the whole budget alone', () => {
    assert.deepEqual(ids(withinBudget(sized(150, 50, 60), 100, true)), ['0']);
    assert.deepEqual(ids(withinBudget(sized(30, 150, 50), 100, true)), ['0', '2']);
  });

  it('runs at most `concurrency` at a time and does every item once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await eachConcurrently(
      Array.from({ length: 50 }, (_, i) => i),
      async (i) => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 1 + (i % 3)));
        running--;
        done.push(i);
      },
    );
    assert.equal(most, 8);
    assert.deepEqual(
      done.sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => i),
    );
  });
});
