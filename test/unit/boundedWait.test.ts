import * as assert from 'node:assert/strict';
import { settledWithin } from '../../src/core/boundedWait';
import { ManualTimers } from './manualTimers';

describe('settledWithin (deactivate waits for the store, but not for ever)', () => {
  it('resolves true when the work settles first, and cancels its timer', async () => {
    const timers = new ManualTimers();
    let finish!: () => void;
    const work = new Promise<void>((resolve) => (finish = resolve));
    const waited = settledWithin(work, 1_000, timers);
    finish();
    assert.equal(await waited, true);
    assert.equal(timers.pending, 0);
  });

  it('resolves true when the work fails (its failure is not thrown here)', async () => {
    const timers = new ManualTimers();
    const work = Promise.reject(new Error('close failed'));
    work.catch(() => undefined);
    assert.equal(await settledWithin(work, 1_000, timers), true);
  });

  it('resolves false once the time is up while the work still runs', async () => {
    const timers = new ManualTimers();
    const waited = settledWithin(new Promise(() => undefined), 1_000, timers);
    timers.advance(999);
    let settled = false;
    void waited.then(() => (settled = true));
    await Promise.resolve();
    assert.equal(settled, false);
    timers.advance(1);
    assert.equal(await waited, false);
  });
});
