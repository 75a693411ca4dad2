import * as assert from 'node:assert/strict';
import { Coalesced } from '../../src/core/coalesced';
import { ManualTimers } from './manualTimers';

describe('Coalesced', () => {
  it('runs once for a burst of asks, once its delay has passed', () => {
    const timers = new ManualTimers();
    let runs = 0;
    const later = new Coalesced(20, () => runs++, timers);
    for (let i = 0; i < 100; i++) later.schedule();
    assert.equal(later.pending, true);
    assert.equal(timers.pending, 1, '100 asks make one wait');
    timers.advance(19);
    assert.equal(runs, 0, 'not before the delay');
    timers.advance(1);
    assert.equal(runs, 1);
    assert.equal(later.pending, false);
    later.schedule();
    timers.advance(20);
    assert.equal(runs, 2, 'a later ask runs again');
  });

  it('takes the delay of the first ask of a burst', () => {
    const timers = new ManualTimers();
    let runs = 0;
    const later = new Coalesced(20, () => runs++, timers);
    later.schedule(5);
    later.schedule(50);
    timers.advance(5);
    assert.equal(runs, 1);
    assert.equal(timers.pending, 0);
  });

  it('runs nothing once cancelled or disposed', () => {
    const timers = new ManualTimers();
    let runs = 0;
    const later = new Coalesced(10, () => runs++, timers);
    later.schedule();
    later.cancel();
    assert.equal(later.pending, false);
    later.schedule(5);
    later.dispose();
    assert.equal(timers.pending, 0, 'no wait is left behind');
    timers.advance(1000);
    assert.equal(runs, 0);
  });
});
