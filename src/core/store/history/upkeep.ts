import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Logger } from '../../clock';
import { fsyncDir, indexPath, removeIfExists, segmentPath } from '../journal/files';
import { type WrittenHeads, writeSegmentIndex } from '../journal/segmentIndex';
import type { StartedSegment } from '../journal/writer';
import { FILE_SUFFIXES, type HistoryEntry } from './entry';
import type { HistoryIndex } from './historyIndex';
import type { HistoryDirs } from './open';

/**
 * What the history does off the path of `add`, one task after another: index files of sealed segments, deleting
 * the segments and body files of exchanges no longer kept, and at open, clearing what a crash left behind.
 * A task that fails is logged and does not stop the ones after it.
 */
export class Upkeep {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly dirs: HistoryDirs,
    private readonly index: HistoryIndex,
    /** Segment numbers on disk, oldest first (the active one last). */
    private readonly segments: number[],
    /** Ids deleted whose record is still on disk, and its segment. */
    private readonly deleted: Map<string, number>,
    private readonly logger: Logger,
  ) {}

  run(what: string, task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch((error: unknown) => {
      this.logger.warn(`Request history: could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  idle(): Promise<void> {
    return this.chain;
  }

  /** The writer started a segment: it is listed, and the one it sealed gets its index file. */
  started({ segment, sealed, heads }: StartedSegment): void {
    this.segments.push(segment);
    if (sealed !== undefined) this.indexSegment(sealed, heads);
  }

  /** Writes the index file of `segment` (from the heads the writer kept, when it kept them all). */
  indexSegment(segment: number, heads: WrittenHeads | undefined): void {
    this.run(`index segment ${segment}`, async () => {
      if (!this.segments.includes(segment)) return;
      await writeSegmentIndex(this.dirs.journal, segment, heads);
      if (!this.segments.includes(segment)) await removeIfExists(indexPath(this.dirs.journal, segment));
    });
  }

  /** Deletes the body files of exchanges no longer kept. */
  dropBodies(entries: readonly HistoryEntry[]): void {
    const withFiles = entries.filter((entry) => entry.files !== 0);
    if (withFiles.length === 0) return;
    this.run('delete body files', async () => {
      for (const { id, files } of withFiles) {
        for (const [bit, suffix] of FILE_SUFFIXES) {
          if (files & bit) await removeIfExists(path.join(this.dirs.bodies, `${id}.${suffix}`));
        }
      }
    });
  }

  /** Deletes the segment files (but the active one) that hold no kept exchange. */
  freeSegments(active: number): void {
    const free = this.segments.filter((segment) => segment !== active && !this.index.holds(segment));
    if (free.length === 0) return;
    for (const segment of free) this.segments.splice(this.segments.indexOf(segment), 1);
    const gone = new Set(free);
    for (const [id, segment] of this.deleted) if (gone.has(segment)) this.deleted.delete(id);
    this.run(`delete segments ${free.join(', ')}`, async () => {
      for (const segment of free) {
        await removeIfExists(segmentPath(this.dirs.journal, segment));
        await removeIfExists(indexPath(this.dirs.journal, segment));
      }
      await fsyncDir(this.dirs.journal);
    });
  }

  /**
   * At open, before anything is added: body files of no kept exchange (a crash between moving them and writing
   * their record, or retention at open) and what the sender left in the spill folder go.
   */
  async sweepOrphans(): Promise<void> {
    let removed = 0;
    {
      for (const name of await fsp.readdir(this.dirs.bodies)) {
        const id = name.slice(0, name.lastIndexOf('.'));
        if (this.index.get(id)) continue;
        await removeIfExists(path.join(this.dirs.bodies, name));
        removed++;
      }
      for (const name of await fsp.readdir(this.dirs.spill)) {
        await fsp.rm(path.join(this.dirs.spill, name), { recursive: true, force: true });
      }
      if (removed > 0) this.logger.info(`Request history: removed ${removed} body files no exchange refers to.`);
    }
  }
}
