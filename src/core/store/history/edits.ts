import type { HistoryEntry } from './entry';
import { HistoryWriteError } from './errors';
import type { HistoryIndex } from './historyIndex';
import type { StateFile } from './state';
import type { Upkeep } from './upkeep';

/** What a pin or a delete changes: the index, `state.json`, and the files they free. */
export interface Edits {
  readonly dir: string;
  readonly index: HistoryIndex;
  readonly writer: { readonly activeSegment: number };
  readonly stateFile: StateFile;
  readonly upkeep: Upkeep;
  /** Ids deleted whose record is still on disk, and its segment. */
  readonly deleted: Map<string, number>;
  /** Ids being deleted: `state.json` lists them from the write on. */
  readonly deleting: Set<string>;
}

/**
 * Pins or unpins `entries` once `state.json` says so. A pin holds at once (retention skips the exchange while its
 * pin is on its way) and is taken back if the write fails; an exchange unpinned once retention has passed it goes.
 * False when nothing changed.
 */
export async function pinExchanges(edits: Edits, known: readonly HistoryEntry[], pinned: boolean): Promise<boolean> {
  const { index } = edits;
  const entries = known.filter((entry) => entry.pinned !== pinned);
  if (entries.length === 0) return false;
  for (const entry of entries) index.setPinned(entry, pinned);
  try {
    await edits.stateFile.save();
  } catch (error) {
    for (const entry of entries) index.setPinned(entry, !pinned);
    throw new HistoryWriteError(edits.dir, error);
  }
  if (!pinned) {
    const behind = entries.filter((entry) => index.behindHorizon(entry) && !entry.pinned);
    for (const entry of behind) index.remove(entry);
    edits.upkeep.dropBodies(behind);
    edits.upkeep.freeSegments(edits.writer.activeSegment);
  }
  return true;
}

/** Deletes `entries` (pinned ones too) once `state.json` lists them, then their files. False when there were none. */
export async function deleteExchanges(edits: Edits, entries: readonly HistoryEntry[]): Promise<boolean> {
  if (entries.length === 0) return false;
  const { index } = edits;
  for (const entry of entries) edits.deleting.add(entry.id);
  try {
    await edits.stateFile.save();
    for (const entry of entries) {
      if (index.get(entry.id) !== entry) continue;
      index.remove(entry);
      edits.deleted.set(entry.id, entry.segment);
    }
  } catch (error) {
    throw new HistoryWriteError(edits.dir, error);
  } finally {
    for (const entry of entries) edits.deleting.delete(entry.id);
  }
  edits.upkeep.dropBodies(entries);
  edits.upkeep.freeSegments(edits.writer.activeSegment);
  return true;
}

/** The entries of `ids` the index has, each once. */
export function knownEntries(index: HistoryIndex, ids: readonly string[]): HistoryEntry[] {
  const out = new Set<HistoryEntry>();
  for (const id of ids) {
    const entry = typeof id === 'string' ? index.get(id) : undefined;
    if (entry) out.add(entry);
  }
  return [...out];
}
