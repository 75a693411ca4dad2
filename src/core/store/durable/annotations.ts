import type { HookIndex } from './hookIndex';
import { encodeAnnotation, TYPE_DELETE, TYPE_PIN } from './hookRecords';
import type { Retention } from './retention';
import type { StoredHookMeta } from './storedMeta';
import type { SegmentWriter } from '../journal/writer';

/** What a pin or delete record changes once durable: the index, and retention after it. */
export interface Annotated {
  readonly writer: SegmentWriter;
  readonly index: HookIndex;
  readonly retention: Retention;
}

/**
 * Appends a pin record for `known` (ids in the index); resolves once it is synced and the index shows it.
 * Until then retention must not drop what is being pinned. An unpinned hook that retention has already gone
 * past is dropped at once.
 */
export function appendPin(store: Annotated, known: readonly string[], pinned: boolean): Promise<void> {
  const { writer, index, retention } = store;
  const horizon = index.horizon;
  const encoded = encodeAnnotation(TYPE_PIN, { ids: known, pinned, horizon });
  const held = pinned ? known.map((id) => index.get(id) as StoredHookMeta) : [];
  for (const entry of held) index.holdPin(entry);
  const release = (): void => {
    for (const entry of held) index.releasePin(entry);
    retention.enforce();
  };
  const written = writer.append(encoded, (segment) => {
    retention.wrote(horizon, segment);
    for (const id of known) {
      const entry = index.get(id);
      if (!entry) continue;
      index.pin(entry, pinned, segment);
      // A pin of it still on its way decides: that record comes after this one on disk.
      if (!pinned && index.behindHorizon(entry) && !index.isHeld(entry)) index.remove(entry);
    }
    retention.enforce();
  });
  if (held.length === 0) return written;
  return written.then(release, (error: unknown) => {
    release();
    throw error;
  });
}

/** Appends a delete record for `known` (ids in the index); resolves once it is synced and they are gone from the index. */
export function appendDelete(store: Annotated, known: readonly string[]): Promise<void> {
  const { writer, index, retention } = store;
  const horizon = index.horizon;
  const encoded = encodeAnnotation(TYPE_DELETE, { ids: known, horizon });
  return writer.append(encoded, (segment) => {
    retention.wrote(horizon, segment);
    for (const id of known) {
      const entry = index.get(id);
      if (entry) index.remove(entry, segment);
    }
    retention.enforce();
  });
}
