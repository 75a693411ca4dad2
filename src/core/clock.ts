/** Time source passed into the core so tests and replays can control it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Elapsed time and waits, passed into the core so tests can move time on instead of waiting for it. */
export interface Timers {
  /** Milliseconds on a clock that only moves forward: only the difference of two readings means anything. */
  elapsed(): number;
  /** Runs `run` once `ms` have passed; the function returned cancels it. */
  after(ms: number, run: () => void): () => void;
}

export const systemTimers: Timers = {
  elapsed: () => performance.now(),
  after: (ms, run) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

/** Where the core writes diagnostics; the UI passes its log channel. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
