import * as fsp from 'node:fs/promises';
import type { Logger } from '../../clock';
import type { BodyInsight, ForwardResult, HookFlag, HookVerdict } from '../../model/hook';
import { isNotFound, segmentPath, type StoreFiles } from '../journal/files';
import type { HookIndex } from './hookIndex';
import { HEADER_SIZE, recordLength } from '../journal/record';
import {
  type Horizon,
  TYPE_DELETE,
  TYPE_FORWARD,
  TYPE_HOOK,
  TYPE_HORIZON,
  TYPE_INSIGHT,
  TYPE_VERDICT,
  TYPE_PIN,
} from './hookRecords';
import { scanSegment, type ScannedRecord } from '../journal/scan';
import { readSegmentIndex } from '../journal/segmentIndex';
import { type MetaSharing, StoredHookMeta } from './storedMeta';

export interface LoadOptions {
  readonly dir: string;
  readonly files: StoreFiles;
  readonly index: HookIndex;
  readonly sharing: MetaSharing;
  readonly logger: Logger;
  /** A writer truncates a torn tail and logs it; a reader expects one (the writer may be mid-write). */
  readonly readOnly: boolean;
}

export interface LoadResult {
  /** Segments read from disk, oldest first (missing ones, deleted meanwhile, left out). */
  readonly segments: number[];
  /** Sealed segments that were scanned because they had no usable index file. */
  readonly unindexed: number[];
  /**
   * The last segment: its valid length and number of records, and whether it has an index file that could not
   * be used (it no longer matches the segment, e.g. the segment was cut short since).
   */
  readonly last:
    | {
        readonly segment: number;
        readonly validEnd: number;
        readonly fileSize: number;
        readonly records: number;
        readonly staleIndex: boolean;
      }
    | undefined;
}

/**
 * Fills the index from the segment files: through their index files when valid (sealed segments, and
 * the part of the last one that was there at the last close), the rest by scanning.
 */
export async function loadSegments(options: LoadOptions): Promise<LoadResult> {
  const { dir, files, logger } = options;
  const segments: number[] = [];
  const unindexed: number[] = [];
  let last: LoadResult['last'];
  const lastSegment = files.segments[files.segments.length - 1];
  for (const segment of files.segments) {
    const file = segmentPath(dir, segment);
    const isLast = segment === lastSegment;
    let records = 0;
    const feed = (record: ScannedRecord): void => {
      records++;
      addRecord(options, segment, record);
    };
    try {
      let from = 0;
      let staleIndex = false;
      if (files.indexes.has(segment)) {
        const size = (await fsp.stat(file)).size;
        const covered = await readSegmentIndex(dir, segment, size, feed, isLast);
        if (covered !== undefined && !isLast) {
          segments.push(segment);
          continue;
        }
        from = covered ?? 0;
        staleIndex = covered === undefined;
      }
      // What no index covers is scanned, bodies checked: the records written since the last close.
      const scan = await scanSegment(file, { verifyBodies: true, onRecord: feed, from });
      segments.push(segment);
      for (const problem of scan.problems) {
        const where = `${file} at offset ${problem.offset}`;
        if (problem.kind === 'padding') continue;
        if (isLast && problem.kind === 'torn') {
          if (!options.readOnly) {
            logger.warn(
              `Hook store: skipped a torn last record in ${where} (${problem.bytes} bytes, ${problem.reason}).`,
            );
          }
        } else {
          logger.error(`Hook store: skipped ${problem.bytes} damaged bytes in ${where} (${problem.reason}).`);
        }
      }
      if (isLast) last = { segment, validEnd: scan.validEnd, fileSize: scan.fileSize, records, staleIndex };
      else if (scan.problems.every((p) => p.kind === 'padding')) unindexed.push(segment);
    } catch (error) {
      // A reader may race with the writer deleting old segments; what is gone was dropped.
      if (!(options.readOnly && isNotFound(error))) throw error;
    }
  }
  // Pins are final only now: what retention had dropped goes, pinned hooks stay.
  options.index.dropBehindHorizon();
  return { segments, unindexed, last };
}

function addRecord(options: LoadOptions, segment: number, record: ScannedRecord): void {
  const { header, buffer, at } = record;
  const metaStart = at + HEADER_SIZE;
  const namesStart = metaStart + header.metaLen;
  const valuesStart = namesStart + header.namesLen;
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(buffer.toString('utf8', metaStart, namesStart)) as Record<string, unknown>;
  } catch {
    options.logger.error(`Hook store: unreadable metadata in segment ${segment} at offset ${record.offset}.`);
    return;
  }
  const { index } = options;
  if (header.type === TYPE_HOOK) {
    if (typeof fields.id !== 'string') return;
    const names = options.sharing.namesAt(buffer, namesStart, valuesStart);
    const values = buffer.toString('utf8', valuesStart, valuesStart + header.valuesLen);
    options.sharing.share(fields);
    const location = { segment, offset: record.offset };
    index.append(new StoredHookMeta(fields, names, values, location, recordLength(header), options.sharing.heads));
  } else if (header.type === TYPE_FORWARD) {
    const entry = typeof fields.id === 'string' ? index.get(fields.id) : undefined;
    if (entry) index.forwarded(entry, fields.forward as ForwardResult, segment, recordLength(header));
  } else if (header.type === TYPE_INSIGHT) {
    const entry = typeof fields.id === 'string' ? index.get(fields.id) : undefined;
    const insight = insightOf(fields);
    if (entry?.uninspected && insight) entry.setInsight(insight);
  } else if (header.type === TYPE_VERDICT) {
    const entry = typeof fields.id === 'string' ? index.get(fields.id) : undefined;
    const verdict = verdictOf(fields.verdict);
    if (entry && verdict) entry.setVerdict(verdict);
  } else if (header.type === TYPE_PIN || header.type === TYPE_DELETE || header.type === TYPE_HORIZON) {
    const horizon = fields.horizon;
    if (isHorizon(horizon)) index.recordedHorizon(horizon, segment);
    const ids = Array.isArray(fields.ids) ? (fields.ids as unknown[]) : [];
    for (const id of ids) {
      const entry = typeof id === 'string' ? index.get(id) : undefined;
      if (!entry) continue;
      if (header.type === TYPE_DELETE) index.remove(entry, segment);
      else index.pin(entry, fields.pinned === true, segment);
    }
  }
  // Other types come from a newer PushPull; they are skipped, not damaged.
}

function isHorizon(value: unknown): value is Horizon {
  return Array.isArray(value) && value.length === 2 && value.every((n) => Number.isSafeInteger(n) && n >= 0);
}

/** An insight record's findings, or undefined when they are not what PushPull writes. */
function insightOf(fields: Record<string, unknown>): BodyInsight | undefined {
  const { flags, event } = fields;
  if (!Array.isArray(flags) || !flags.every((flag): flag is HookFlag => KNOWN_FLAGS.has(flag as HookFlag))) {
    return undefined;
  }
  if (event !== undefined && (typeof event !== 'string' || event.length > 200)) return undefined;
  return { flags, event };
}

/** A verdict record's verdict, or undefined when it is not one PushPull writes. */
function verdictOf(value: unknown): HookVerdict | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { status } = value as { status?: unknown };
  return typeof status === 'string' && VERDICT_STATUSES.has(status) ? (value as HookVerdict) : undefined;
}

const VERDICT_STATUSES = new Set(['valid', 'invalid', 'no-secret', 'not-signed']);

const KNOWN_FLAGS = new Set<HookFlag>(['invalid-json']);
