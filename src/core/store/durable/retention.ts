import type { Logger } from '../../clock';
import type { Background } from './background';
import { fsyncDir, indexPath, removeIfExists, segmentPath } from '../journal/files';
import type { HorizonRecord, RetentionLimits } from './hookIndex';
import type { OpenedStore } from './open';
import { compareHorizons, encodeAnnotation, type Horizon, TYPE_HORIZON } from './hookRecords';
import type { SegmentWriter } from '../journal/writer';

/** Longest a reader may see hooks that retention has dropped before a record says so. */
const HORIZON_MS = 250;

/**
 * Retention of a store open for writing: applies the limits to the index (see `HookIndex`), deletes the
 * segment files nothing needs any more, and keeps the horizon (where retention got to) written into a record,
 * so that readers and the next opener drop the same hooks. The segment holding the newest horizon record stays
 * until a newer record carries the horizon, or a reopened store would bring dropped hooks back.
 */
export class Retention {
  /** The newest horizon written into a record, and the segment holding that record. */
  private written: HorizonRecord | undefined;
  private moving = false;
  /** Set while the horizon is ahead of the newest record of it: a record is written at most every HORIZON_MS. */
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly dir: string,
    private readonly opened: OpenedStore,
    private readonly background: Background,
    private readonly logger: Logger,
    /** The limits applied by `enforce`. */
    public limits: RetentionLimits,
  ) {
    this.written = opened.index.horizonRecord;
  }

  /** A record carrying `horizon` is durable in `segment`. */
  wrote(horizon: Horizon | undefined, segment: number): void {
    if (horizon && (!this.written || compareHorizons(horizon, this.written.horizon) >= 0)) {
      this.written = { horizon, segment };
    }
  }

  /** Every hook is gone (Clear All): no record carries a horizon any more. */
  forget(): void {
    this.written = undefined;
  }

  /**
   * Applies the limits, then deletes the segment files nothing needs any more. A file holding deletes of
   * hooks in another one goes only once that one's removal is durable (directory synced): were it to go
   * first, a crash could bring the deleted hooks back. `always`: look for such files even if no segment's
   * counts fell since the last look (on open, and once the horizon has moved).
   */
  enforce(always = false): void {
    const { index, segments, writer } = this.opened;
    index.enforce(this.limits);
    if (writer) this.publishSoon();
    if (!writer || (!index.takeFreed() && !always)) return;
    const waves: number[][] = [];
    const carrier = this.written?.segment;
    const deletable = (segment: number): boolean => segment !== writer.activeSegment && !index.inUse(segment);
    for (;;) {
      const wave = segments.filter((segment) => segment !== carrier && deletable(segment));
      if (wave.length === 0) break;
      for (const segment of wave) {
        segments.splice(segments.indexOf(segment), 1);
        index.segmentGone(segment);
      }
      waves.push(wave);
    }
    index.takeFreed();
    if (carrier !== undefined && segments.includes(carrier) && deletable(carrier)) this.moveHorizon(writer);
    if (waves.length === 0) return;
    this.background.run(`delete segments ${waves.flat().join(', ')}`, async () => {
      for (const wave of waves) {
        for (const segment of wave) {
          await removeIfExists(segmentPath(this.dir, segment));
          await removeIfExists(indexPath(this.dir, segment));
        }
        await fsyncDir(this.dir);
      }
    });
  }

  /** The store is closing: no more horizon records but the last one (`recordAtClose`). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** At close: records where retention got to, so that the next opener (read-only ones too) drops the same hooks. */
  async recordAtClose(writer: SegmentWriter): Promise<void> {
    const horizon = this.opened.index.horizon;
    if (!horizon || (this.written && compareHorizons(horizon, this.written.horizon) <= 0)) return;
    try {
      await writer.append(encodeAnnotation(TYPE_HORIZON, { horizon }), (segment) => this.wrote(horizon, segment));
    } catch (error) {
      // Without it a reopened store works retention out again from the hooks on disk.
      this.warn(error);
    }
  }

  /**
   * Readers (`hooks list` while a listener runs) know what retention dropped only from horizon records; without
   * them they would list dropped hooks until the writer closes. Once retention moves, a record follows soon.
   */
  private publishSoon(): void {
    const horizon = this.opened.index.horizon;
    if (this.stopped || this.timer || !horizon) return;
    if (this.written && compareHorizons(horizon, this.written.horizon) <= 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.opened.writer) this.moveHorizon(this.opened.writer);
    }, HORIZON_MS);
    this.timer.unref();
  }

  /**
   * The segment holding the newest horizon record is otherwise unneeded: the horizon is written again into
   * the active segment, and that one may go once it is durable.
   */
  private moveHorizon(writer: SegmentWriter): void {
    const horizon = this.opened.index.horizon;
    if (this.stopped || !horizon || this.moving) return;
    this.moving = true;
    writer
      .append(encodeAnnotation(TYPE_HORIZON, { horizon }), (segment) => this.wrote(horizon, segment))
      .then(
        () => {
          this.moving = false;
          this.enforce(true);
        },
        (error: unknown) => {
          this.moving = false;
          this.warn(error);
        },
      );
  }

  private warn(error: unknown): void {
    this.logger.warn(
      `Hook store: could not record retention: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
