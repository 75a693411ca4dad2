import * as vscode from 'vscode';
import type { ExchangeHistory, ExchangeSummary } from '../../core/model/history';
import type { HistoryNode } from './rows';

/**
 * The exchanges a command acts on: the selected rows VS Code passes, else the clicked (or, from a key, focused)
 * row, an exchange id (automation), else the view's selection.
 */
export function targetExchanges(
  history: ExchangeHistory,
  selection: readonly HistoryNode[],
  node?: unknown,
  nodes?: unknown,
): ExchangeSummary[] {
  const pick = (list: readonly unknown[]): ExchangeSummary[] =>
    list.flatMap((n) => {
      if (typeof n === 'string') return history.summary(n) ?? [];
      const row = n as HistoryNode | undefined;
      if (row?.kind !== 'exchange') return [];
      // The row may be older than the history: read its summary again (pinned, or deleted since).
      return history.summary(row.exchange.id) ?? [];
    });
  if (Array.isArray(nodes) && nodes.length > 0) return pick(nodes);
  if (node) return pick([node]);
  return pick(selection);
}

/** The one exchange a command acts on; when there is none, asks the user to select one. */
export function targetExchange(
  history: ExchangeHistory,
  selection: readonly HistoryNode[],
  node?: unknown,
  nodes?: unknown,
): ExchangeSummary | undefined {
  const [exchange] = targetExchanges(history, selection, node, nodes);
  if (!exchange) void vscode.window.showInformationMessage('Select a request in the Requests view first.');
  return exchange;
}
