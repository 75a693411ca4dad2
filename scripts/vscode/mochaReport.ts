/** Counts from mocha's spec reporter epilogue ("12 passing (3s)", "1 failing", "2 pending"). */
export class MochaReport {
  passed = 0;
  failed = 0;
  pending = 0;
  /** True once a "N passing" line was seen, i.e. mocha really ran and finished. */
  finished = false;

  /** Feeds one chunk of the extension host's output; may hold several lines. */
  feed(text: string): void {
    for (const line of text.split('\n')) {
      const passing = /(?:^|\s)(\d+) passing\b/.exec(line);
      if (passing) {
        this.passed += Number(passing[1]);
        this.finished = true;
      }
      const failing = /(?:^|\s)(\d+) failing\b/.exec(line);
      if (failing) {
        this.failed += Number(failing[1]);
      }
      const pending = /(?:^|\s)(\d+) pending\b/.exec(line);
      if (pending) {
        this.pending += Number(pending[1]);
      }
    }
  }
}
