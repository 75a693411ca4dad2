import * as vscode from 'vscode';
import type { HookMeta } from '../../core/model/hook';
import type { HookStore } from '../../core/model/hookStore';
import type { ExchangeHistory, ExchangeSummary } from '../../core/model/history';
import { formatSize } from '../hooksView/rows';
import { hostAndPath } from '../history/rows';

/** How many of the newest hooks or requests a picker offers. */
const PICKED_AT_MOST = 500;

interface Row<T> extends vscode.QuickPickItem {
  readonly value: T;
}

/** When it happened: the time today, the date and time before. */
export function when(time: number, now = Date.now()): string {
  const date = new Date(time);
  return date.toDateString() === new Date(now).toDateString() ? date.toLocaleTimeString() : date.toLocaleString();
}

/**
 * Rows whose label and description read the same get what tells them apart: first `extra(value, 0)` (for hooks,
 * their body's digest), then `extra(value, 1)` (their id), so no two rows of a picker read the same.
 */
export function distinctRows<T>(rows: Row<T>[], extra: (value: T, level: 0 | 1) => string): Row<T>[] {
  let result = rows;
  for (const level of [0, 1] as const) {
    const seen = new Map<string, number>();
    for (const row of result) seen.set(readAs(row), (seen.get(readAs(row)) ?? 0) + 1);
    result = result.map((row) =>
      (seen.get(readAs(row)) ?? 0) > 1
        ? { ...row, description: `${row.description ?? ''} · ${extra(row.value, level)}` }
        : row,
    );
  }
  return result;
}

const readAs = (row: vscode.QuickPickItem): string => `${row.label}\n${row.description ?? ''}`;

/** The rows of a hook picker: method and path; event, size and time. */
export function hookRows(hooks: readonly HookMeta[], now = Date.now()): Row<HookMeta>[] {
  const rows = hooks.map((hook) => ({
    label: `${hook.method} ${hook.path}`,
    description: [hook.event, formatSize(hook.bodySize), when(hook.receivedAt, now)].filter(Boolean).join(' · '),
    value: hook,
  }));
  return distinctRows(rows, (hook, level) => (level === 0 ? `body ${hook.bodySha256.slice(0, 8)}` : `id ${hook.id}`));
}

/** The rows of a request picker: method, host and path; status, size and time. */
export function exchangeRows(exchanges: readonly ExchangeSummary[], now = Date.now()): Row<ExchangeSummary>[] {
  const rows = exchanges.map((exchange) => ({
    label: `${exchange.method} ${hostAndPath(exchange.url)}`,
    description: [
      exchange.name,
      exchange.status === 0 ? 'no answer' : String(exchange.status),
      formatSize(exchange.size),
      when(exchange.startedAt, now),
    ]
      .filter(Boolean)
      .join(' · '),
    value: exchange,
  }));
  return distinctRows(rows, (exchange, level) =>
    level === 0 ? `${Math.round(exchange.totalMs)} ms` : `id ${exchange.id}`,
  );
}

export async function pickHook(store: HookStore, title: string, exclude?: string): Promise<HookMeta | undefined> {
  const hooks = store
    .newest(PICKED_AT_MOST + 1)
    .filter((h) => h.id !== exclude)
    .slice(0, PICKED_AT_MOST);
  if (hooks.length === 0) {
    void vscode.window.showInformationMessage('No webhooks received yet: start the listener and send one first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(hookRows(hooks), { title, matchOnDescription: true });
  return picked?.value;
}

export async function pickExchange(
  history: ExchangeHistory,
  title: string,
  exclude?: string,
): Promise<ExchangeSummary | undefined> {
  const exchanges = history
    .newest(PICKED_AT_MOST + 1)
    .filter((e) => e.id !== exclude)
    .slice(0, PICKED_AT_MOST);
  if (exchanges.length === 0) {
    void vscode.window.showInformationMessage('No requests in the history yet: send one from the Request Panel first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(exchangeRows(exchanges), { title, matchOnDescription: true });
  return picked?.value;
}
