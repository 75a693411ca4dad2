import * as assert from 'node:assert/strict';
import { Coalesced } from '../../src/ui/coalesced';

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('Coalesced', () => {
  it('runs once for a burst of asks, after the delay', async () => {
    let runs = 0;
    const later = new Coalesced(20, () => runs++);
    for (let i = 0; i < 100; i++) later.schedule();
    assert.equal(later.pending, true);
    assert.equal(runs, 0);
    await wait(60);
    assert.equal(runs, 1);
    assert.equal(later.pending, false);
    later.schedule();
    await wait(60);
    assert.equal(runs, 2, 'a later ask runs again');
  });

  it('runs nothing once cancelled or disposed', async () => {
    let runs = 0;
    const later = new Coalesced(10, () => runs++);
    later.schedule();
    later.cancel();
    later.schedule(5);
    later.dispose();
    await wait(40);
    assert.equal(runs, 0);
  });
});
