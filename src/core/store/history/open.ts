import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Logger } from '../../clock';
import { makePrivateDir } from '../../privateFiles';
import { StoreLockedError } from '../journal/errors';
import {
  fsyncDir,
  indexPath,
  listStoreFiles,
  makeDirDurable,
  removeIfExists,
  segmentPath,
  tightenStore,
} from '../journal/files';
import { StoreLock } from '../journal/lock';
import { HEADER_SIZE, type RecordHeader } from '../journal/record';
import { scanSegment, type ScannedRecord } from '../journal/scan';
import { readSegmentIndex } from '../journal/segmentIndex';
import { SegmentFile } from '../journal/segmentFile';
import { systemSync } from '../journal/sync';
import { type ActiveSegment, SegmentWriter } from '../journal/writer';
import { finishClear } from '../durable/open';
import { entryOf, type StringPool, type SummaryFields } from './entry';
import { HistoryLockedError } from './errors';
import { HistoryIndex } from './historyIndex';
import { ROTATION } from './limits';
import { TYPE_EXCHANGE } from './records';
import { type HistoryState, readState } from './state';

/** The folders of a history: its journal of records, its body files, and the sender's spill folder. */
export interface HistoryDirs {
  readonly dir: string;
  readonly journal: string;
  readonly bodies: string;
  readonly spill: string;
}

export function historyDirs(dir: string): HistoryDirs {
  return {
    dir,
    journal: path.join(dir, 'journal'),
    bodies: path.join(dir, 'bodies'),
    spill: path.join(dir, 'spill'),
  };
}

export interface OpenedHistory {
  readonly index: HistoryIndex;
  readonly writer: SegmentWriter;
  readonly lock: StoreLock;
  /** Segment numbers on disk, oldest first, the active one last. */
  readonly segments: number[];
  readonly state: HistoryState;
  /** Ids deleted whose record is still on disk, and the segment holding it. */
  readonly deleted: Map<string, number>;
  /** The highest `seq` found. */
  readonly seq: number;
}

/**
 * Creates the folders (0700), takes the journal's lock (HISTORY_LOCKED naming the other window), reads every
 * segment (through its `.idx` when it has a good one) and the state, cuts a torn tail off the last segment and
 * logs it, and applies pins, deletions and the horizon.
 */
export async function openHistory(
  dirs: HistoryDirs,
  owner: string,
  logger: Logger,
  pool: StringPool,
): Promise<OpenedHistory> {
  await makeDirDurable(dirs.dir);
  for (const sub of [dirs.journal, dirs.bodies, dirs.spill]) {
    if ((await makePrivateDir(sub)) !== undefined) await fsyncDir(dirs.dir);
  }
  await tightenStore(dirs.journal, logger);
  let lock: StoreLock;
  try {
    lock = await StoreLock.acquire(dirs.journal, owner, logger);
  } catch (error) {
    if (error instanceof StoreLockedError) throw new HistoryLockedError(dirs.dir, error.owner);
    throw error;
  }
  let file: SegmentFile | undefined;
  try {
    const files = await listStoreFiles(dirs.journal);
    await finishClear(dirs.journal, files);
    for (const temp of files.temps) await removeIfExists(temp);
    const state = await readState(dirs.dir, logger);
    const deletedIds = new Set(state.deleted);
    const index = new HistoryIndex();
    const deleted = new Map<string, number>();
    let seq = 0;
    const segments: number[] = [];
    let last: { segment: number; validEnd: number; records: number } | undefined;
    for (const [i, segment] of files.segments.entries()) {
      const isLast = i === files.segments.length - 1;
      let records = 0;
      const feed = (record: ScannedRecord): void => {
        records++;
        const entry = readEntry(record, segment, pool, logger);
        if (!entry) return;
        seq = Math.max(seq, entry.seq);
        if (entry.h > index.horizon) index.horizon = entry.h;
        if (deletedIds.has(entry.id)) deleted.set(entry.id, segment);
        else if (!index.get(entry.id)) index.append(entry.entry);
      };
      const seg = segmentPath(dirs.journal, segment);
      const size = (await fsp.stat(seg)).size;
      const covered = files.indexes.has(segment)
        ? await readSegmentIndex(dirs.journal, segment, size, feed, isLast)
        : undefined;
      segments.push(segment);
      if (covered !== undefined && !isLast) continue;
      if (isLast && covered === undefined && files.indexes.has(segment)) {
        await removeIfExists(indexPath(dirs.journal, segment));
      }
      const scan = await scanSegment(seg, { verifyBodies: true, onRecord: feed, from: covered ?? 0 });
      for (const problem of scan.problems) {
        const where = `${seg} at offset ${problem.offset}`;
        if (problem.kind === 'padding') continue;
        if (isLast && problem.kind === 'torn') {
          logger.warn(
            `Request history: skipped a torn last record in ${where} (${problem.bytes} bytes, ${problem.reason}).`,
          );
        } else {
          logger.error(`Request history: skipped ${problem.bytes} damaged bytes in ${where} (${problem.reason}).`);
        }
      }
      if (isLast) last = { segment, validEnd: scan.validEnd, records };
    }
    if (state.horizon > index.horizon) index.horizon = state.horizon;
    for (const id of state.pinned) {
      const entry = index.get(id);
      if (entry) index.setPinned(entry, true);
    }
    index.dropBehindHorizon();
    let active: ActiveSegment;
    if (last) {
      file = await SegmentFile.openAt(
        segmentPath(dirs.journal, last.segment),
        last.validEnd,
        undefined,
        systemSync.file,
      );
      await file.sync();
      active = { segment: last.segment, file, size: last.validEnd, records: last.records };
    } else {
      const segment = Math.max(files.clearedBefore, Math.max(0, ...files.segments, ...files.indexes) + 1);
      file = await SegmentFile.create(segmentPath(dirs.journal, segment), undefined, systemSync.file);
      await fsyncDir(dirs.journal);
      active = { segment, file, size: 0, records: 0 };
      segments.push(segment);
    }
    const writer = new SegmentWriter(dirs.journal, active, ROTATION, undefined, systemSync);
    return { index, writer, lock, segments, state, deleted, seq: Math.max(seq, state.seq, state.horizon) };
  } catch (error) {
    await file?.close().catch(() => undefined);
    await lock.release();
    throw error;
  }
}

function readEntry(
  record: ScannedRecord,
  segment: number,
  pool: StringPool,
  logger: Logger,
): { entry: NonNullable<ReturnType<typeof entryOf>>; id: string; seq: number; h: number } | undefined {
  const { header, buffer, at } = record;
  if (header.type !== TYPE_EXCHANGE) return undefined;
  let fields: Partial<SummaryFields>;
  try {
    fields = JSON.parse(metaOf(buffer, at, header)) as Partial<SummaryFields>;
  } catch {
    logger.error(`Request history: unreadable record in segment ${segment} at offset ${record.offset}.`);
    return undefined;
  }
  const entry = entryOf(fields, segment, record.offset, pool);
  if (!entry) return undefined;
  const h = typeof fields.h === 'number' && Number.isSafeInteger(fields.h) ? fields.h : 0;
  return { entry, id: entry.id, seq: entry.seq, h };
}

function metaOf(buffer: Buffer, at: number, header: RecordHeader): string {
  return buffer.toString('utf8', at + HEADER_SIZE, at + HEADER_SIZE + header.metaLen);
}
