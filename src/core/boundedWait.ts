import type { Timers } from './clock';

/**
 * Waits for `work`, but no longer than `ms`: resolves `true` when it settled in time (its failure is left to its
 * own handler), `false` when time ran out first. For shutdown, where VS Code ends the process after a few seconds
 * anyway and a stuck close must not hold the window.
 */
export function settledWithin(work: Promise<unknown>, ms: number, timers: Timers): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = timers.after(ms, () => resolve(false));
    const done = (): void => {
      cancel();
      resolve(true);
    };
    work.then(done, done);
  });
}
