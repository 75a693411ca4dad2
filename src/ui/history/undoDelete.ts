import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { ExchangeHistory, ExchangeSummary } from '../../core/model/history';
import type { BodyRef, PulledExchange, SentBody } from '../../core/model/pulled';

/** Deletions are undoable while what they deleted fits in this much memory; larger ones are not offered Undo. */
const UNDO_MAX_BYTES = 32 * 1024 * 1024;

/**
 * The deleted exchanges, bodies read into memory, to add back with *Undo*; undefined when they are too large to
 * hold (then the deletion is not undoable).
 */
export async function keepForUndo(
  history: ExchangeHistory,
  exchanges: readonly ExchangeSummary[],
): Promise<PulledExchange[] | undefined> {
  let budget = UNDO_MAX_BYTES;
  const kept: PulledExchange[] = [];
  for (const summary of exchanges) {
    const full = await history.get(summary.id);
    if (!full) continue;
    const take = async (ref: BodyRef): Promise<Uint8Array | undefined> => {
      const size = ref.kind === 'memory' ? ref.bytes.length : ref.size;
      budget -= size;
      if (budget < 0) return undefined;
      return ref.kind === 'memory' ? ref.bytes : new Uint8Array(await fs.readFile(ref.path));
    };
    const raw = await take(full.response.raw);
    const decoded = full.response.decoded === full.response.raw ? raw : await take(full.response.decoded);
    const request = await sentBody(full.request.body, take);
    if (!raw || !decoded || !request) return undefined;
    const rawRef = { kind: 'memory', bytes: raw } as const;
    kept.push({
      ...full,
      request: { ...full.request, body: request },
      response: {
        ...full.response,
        raw: rawRef,
        decoded: decoded === raw ? rawRef : { kind: 'memory', bytes: decoded },
      },
    });
  }
  return kept;
}

async function sentBody(
  body: SentBody,
  take: (ref: BodyRef) => Promise<Uint8Array | undefined>,
): Promise<SentBody | undefined> {
  if (body.kind !== 'file') return body;
  const bytes = await take(body);
  return bytes && { kind: 'bytes', bytes };
}

/**
 * Says what was deleted, with *Undo* when it can be: the exchanges are added back (with new ids: the deleted ones
 * stay deleted on disk), masked as they were.
 */
export async function offerUndo(
  count: number,
  kept: readonly PulledExchange[] | undefined,
  history: () => Promise<ExchangeHistory | undefined>,
): Promise<number> {
  const what = `${count} ${count === 1 ? 'request' : 'requests'}`;
  if (!kept) {
    vscode.window.setStatusBarMessage(`$(trash) Deleted ${what} from the history`, 5000);
    return 0;
  }
  const choice = await vscode.window.showInformationMessage(`Deleted ${what} from the history.`, 'Undo');
  if (choice !== 'Undo') return 0;
  const target = await history();
  if (!target) return 0;
  let restored = 0;
  for (const exchange of [...kept].reverse()) {
    await target.add({ ...exchange, id: `${exchange.id.slice(0, 100)}-r${Date.now().toString(36)}` }, { mask: false });
    restored++;
  }
  return restored;
}
