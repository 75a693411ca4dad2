import type { Background } from './background';
import { indexPath, removeIfExists } from '../journal/files';
import { type WrittenHeads, writeSegmentIndex } from '../journal/segmentIndex';
import type { StartedSegment } from '../journal/writer';

/**
 * Keeps the list of segments on disk as the writer starts new ones, and writes the index file (`.idx`) of each
 * sealed segment in the background, so that the next open reads its record heads instead of the whole segment.
 */
export class SegmentIndexing {
  constructor(
    private readonly dir: string,
    /** Segment numbers on disk, oldest first (`OpenedStore.segments`). */
    private readonly segments: number[],
    private readonly background: Background,
  ) {}

  /** The writer started `segment`: it is listed, and the segment it sealed (if any) is indexed. */
  started({ segment, sealed, heads }: StartedSegment): void {
    this.segments.push(segment);
    if (sealed !== undefined) this.schedule(sealed, heads);
  }

  /** Writes the index file of `segment` in the background, unless retention deleted the segment. */
  schedule(segment: number, heads?: WrittenHeads): void {
    this.background.run(`index segment ${segment}`, async () => {
      if (!this.segments.includes(segment)) return;
      await writeSegmentIndex(this.dir, segment, heads);
      // Retention may have deleted the segment meanwhile.
      if (!this.segments.includes(segment)) await removeIfExists(indexPath(this.dir, segment));
    });
  }
}
