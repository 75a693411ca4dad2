import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** What a HostSampler saw: growth over the memory at its start, peaks, and the longest event-loop stall. */
export interface Sample {
  readonly rssGrowth: number;
  readonly rssPeak: number;
  readonly heapGrowth: number;
  readonly heapPeak: number;
  /** The largest event-loop delay perf_hooks recorded, in ms. */
  readonly histogramMaxMs: number;
  /** The largest lateness of a 10 ms interval timer, in ms (a second view of the same stall). */
  readonly driftMaxMs: number;
}

const TICK_MS = 10;

/** Samples this process's memory every 10 ms and watches the event loop, until `stop`. */
export class HostSampler {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly start = process.memoryUsage();
  private rssPeak = this.start.rss;
  private heapPeak = this.start.heapUsed;
  private driftMax = 0;
  private last = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.histogram.enable();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  private tick(): void {
    const now = performance.now();
    this.driftMax = Math.max(this.driftMax, now - this.last - TICK_MS);
    this.last = now;
    const usage = process.memoryUsage();
    this.rssPeak = Math.max(this.rssPeak, usage.rss);
    this.heapPeak = Math.max(this.heapPeak, usage.heapUsed);
  }

  stop(): Sample {
    this.tick();
    clearInterval(this.timer);
    this.histogram.disable();
    return {
      rssGrowth: this.rssPeak - this.start.rss,
      rssPeak: this.rssPeak,
      heapGrowth: this.heapPeak - this.start.heapUsed,
      heapPeak: this.heapPeak,
      histogramMaxMs: this.histogram.max / 1e6,
      driftMaxMs: Math.max(0, this.driftMax),
    };
  }
}
