import * as fsp from 'node:fs/promises';
import type { Logger } from '../../clock';
import { PushPullError } from '../../errors';
import { StoreNotFoundError, StoreOpenError } from '../journal/errors';
import { writePrivateFile } from '../../privateFiles';
import {
  clearedMarkerPath,
  fsyncDir,
  indexPath,
  isNotFound,
  listStoreFiles,
  makeDirDurable,
  removeIfExists,
  segmentPath,
  type StoreFiles,
  tightenStore,
} from '../journal/files';
import { HeadReader } from './headReader';
import { HookIndex } from './hookIndex';
import { loadSegments } from './load';
import { StoreLock } from '../journal/lock';
import { HeaderNamesPool, MetaSharing } from './storedMeta';
import { DirectIo, SegmentFile } from '../journal/segmentFile';
import type { StoreSync } from '../journal/sync';
import { type ActiveSegment, type RotationLimits, SegmentWriter } from '../journal/writer';

/** What an open store is made of; a read-only store has no writer and no lock. */
export interface OpenedStore {
  readonly index: HookIndex;
  readonly sharing: MetaSharing;
  /** Segment numbers on disk, oldest first, the active one last. */
  readonly segments: number[];
  readonly writer: SegmentWriter | undefined;
  readonly lock: StoreLock | undefined;
  /** Sealed segments without a usable index file. */
  readonly unindexed: number[];
}

export interface WriterSetup {
  readonly logger: Logger;
  readonly owner: string;
  /** When the writer starts a new segment (see `SegmentWriter.rotation`). */
  readonly rotation: RotationLimits;
  /** Append with O_DIRECT where the file system allows it. */
  readonly directIo: boolean;
  readonly sync: StoreSync;
}

/** Creates the folder if needed (0700, its files made 0600), takes the lock, loads the index and cuts off a torn tail. */
export async function openWriter(dir: string, setup: WriterSetup): Promise<OpenedStore> {
  try {
    await makeDirDurable(dir);
    await tightenStore(dir, setup.logger);
  } catch (error) {
    throw new StoreOpenError(dir, error);
  }
  let lock: StoreLock;
  try {
    lock = await StoreLock.acquire(dir, setup.owner, setup.logger);
  } catch (error) {
    throw error instanceof PushPullError ? error : new StoreOpenError(dir, error);
  }
  let file: SegmentFile | undefined;
  try {
    const files = await listStoreFiles(dir);
    await finishClear(dir, files);
    for (const temp of files.temps) await removeIfExists(temp);
    for (const segment of files.indexes) {
      if (!files.segments.includes(segment)) await removeIfExists(indexPath(dir, segment));
    }
    const index = new HookIndex();
    const sharing = new MetaSharing(new HeaderNamesPool(), new HeadReader(dir));
    const loaded = await loadSegments({ dir, files, index, sharing, logger: setup.logger, readOnly: false });
    const segments = [...loaded.segments];
    const direct = setup.directIo ? DirectIo.detect(dir) : undefined;
    let active: ActiveSegment;
    if (loaded.last) {
      const { segment, validEnd, fileSize, records, staleIndex } = loaded.last;
      // An index file that no longer matches the segment would be trusted again once the segment has grown
      // past what it covers, for records that are no longer where it says: it goes before anything is appended.
      if (staleIndex) {
        await removeIfExists(indexPath(dir, segment));
        await fsyncDir(dir);
      }
      file = await SegmentFile.openAt(segmentPath(dir, segment), validEnd, direct, setup.sync.file);
      // A torn tail was cut off: make that durable before anything is appended after it.
      if (validEnd < fileSize) await file.sync();
      active = { segment, file, size: validEnd, records };
    } else {
      const segment = Math.max(files.clearedBefore, Math.max(0, ...files.segments, ...files.indexes) + 1);
      file = await SegmentFile.create(segmentPath(dir, segment), direct, setup.sync.file);
      await setup.sync.dir(dir);
      active = { segment, file, size: 0, records: 0 };
      segments.push(segment);
    }
    const writer = new SegmentWriter(dir, active, setup.rotation, direct, setup.sync);
    return { index, sharing, segments, writer, lock, unindexed: loaded.unindexed };
  } catch (error) {
    await file?.close().catch(() => undefined);
    await lock.release();
    throw error instanceof PushPullError ? error : new StoreOpenError(dir, error);
  }
}

/**
 * Clear All on disk, once the index has forgotten every hook and segment: starts a new segment, writes the
 * marker that counts every segment before it as deleted (so a crash in the middle deletes the rest on the next
 * open), then deletes them, their index files and temporary files.
 */
export async function startAfterClear(dir: string, writer: SegmentWriter): Promise<void> {
  const next = writer.activeSegment + 1;
  await writer.startSegment(next);
  // From here on everything before `next` counts as deleted, even if a crash stops the deleting.
  await writePrivateFile(clearedMarkerPath(dir, next), '');
  await fsyncDir(dir);
  const files = await listStoreFiles(dir);
  for (const segment of files.indexes) await removeIfExists(indexPath(dir, segment));
  for (const temp of files.temps) await removeIfExists(temp);
  await finishClear(dir, files);
}

/** Deletes what an interrupted Clear All had still to delete, then its marker. */
export async function finishClear(dir: string, files: StoreFiles): Promise<void> {
  if (files.cleared.length === 0) return;
  for (const file of files.stale) await removeIfExists(file);
  await fsyncDir(dir);
  for (const marker of files.cleared) await removeIfExists(marker);
  await fsyncDir(dir);
}

/** Readings of a store whose writer moved past the whole listing before they were done (see `openReader`). */
const READ_ATTEMPTS = 5;

/**
 * Loads the index of `dir` without a lock and without changing anything on disk. Beside a writer, a
 * segment listed may be gone (retention) by the time it is read; it is skipped. When the newest one listed
 * is gone too, the writer has sealed it and moved on to segments this listing does not have, while what was
 * listed was dropped: what was read would miss the newest hooks (even be empty), so the folder is read again.
 */
export async function openReader(dir: string, logger: Logger): Promise<OpenedStore> {
  try {
    const stat = await fsp.stat(dir);
    if (!stat.isDirectory()) throw new StoreNotFoundError(dir);
    for (let attempt = 1; ; attempt++) {
      const files = await listStoreFiles(dir);
      const index = new HookIndex();
      const sharing = new MetaSharing(new HeaderNamesPool(), new HeadReader(dir));
      const loaded = await loadSegments({ dir, files, index, sharing, logger, readOnly: true });
      const newest = files.segments[files.segments.length - 1];
      const stale = newest !== undefined && !loaded.segments.includes(newest);
      if (!stale || attempt === READ_ATTEMPTS) {
        return { index, sharing, segments: loaded.segments, writer: undefined, lock: undefined, unindexed: [] };
      }
    }
  } catch (error) {
    if (isNotFound(error)) throw new StoreNotFoundError(dir);
    throw error instanceof PushPullError ? error : new StoreOpenError(dir, error);
  }
}
