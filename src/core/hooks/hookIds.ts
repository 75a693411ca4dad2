/** The sequence has six digits. */
const MAX_SEQUENCE = 999_999;

/** Ids that sort by arrival, also across restarts: time first, then a sequence within the same ms. */
export class HookIdGenerator {
  private lastTime = 0;
  private sequence = 0;

  /** Continues after `id` (the newest stored one): a clock set back since then gives no repeated or older ids. */
  after(id: string): void {
    const match = /^(\d{14})-(\d{6})$/.exec(id);
    if (!match) return;
    const time = Number(match[1]);
    const sequence = Number(match[2]);
    if (time > this.lastTime || (time === this.lastTime && sequence > this.sequence)) {
      this.lastTime = time;
      this.sequence = sequence;
    }
  }

  next(wallClock: number): string {
    // A clock set back (NTP, a person) must not make ids go backwards or repeat: stay on the last time.
    let now = Math.max(wallClock, this.lastTime);
    if (now === this.lastTime && this.sequence < MAX_SEQUENCE) this.sequence++;
    else {
      // A new ms, or (clock held back long enough to use up the sequence) the next one.
      if (now === this.lastTime) now++;
      this.lastTime = now;
      this.sequence = 0;
    }
    return `${now.toString().padStart(14, '0')}-${this.sequence.toString().padStart(6, '0')}`;
  }
}
