import * as vscode from 'vscode';
import type { ExchangeSummary } from '../../core/model/history';
import type { PulledExchange } from '../../core/model/pulled';
import { formatSize, relativeTime } from '../hooksView/rows';

export type HistoryNode =
  | { readonly kind: 'group'; readonly key: string; readonly label: string; readonly total: number }
  | { readonly kind: 'exchange'; readonly exchange: ExchangeSummary }
  | { readonly kind: 'more'; readonly groupKey: string; readonly remaining: number };

export type ExchangeRow = Extract<HistoryNode, { kind: 'exchange' }>;

/** host + path of a URL, without scheme and query; the URL as it is when it cannot be read. */
export function hostAndPath(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^?#]*)/i.exec(url);
  return match?.[1] ?? url;
}

/** The row of one exchange: method, host and path; status, duration, size and age; an icon by status class. */
export function exchangeItem(exchange: ExchangeSummary, now: number): vscode.TreeItem {
  const item = new vscode.TreeItem(
    `${exchange.method} ${hostAndPath(exchange.url)}`,
    vscode.TreeItemCollapsibleState.None,
  );
  item.id = `exchange:${exchange.id}`;
  item.description = [
    exchange.pinned ? 'pinned' : undefined,
    exchange.status === 0 ? 'no answer' : String(exchange.status),
    `${Math.round(exchange.totalMs)} ms`,
    formatSize(exchange.size),
    relativeTime(exchange.startedAt, now),
  ]
    .filter(Boolean)
    .join(' · ');
  item.contextValue = exchange.pinned ? 'exchange.pinned' : 'exchange';
  item.iconPath = statusIcon(exchange.status, exchange.pinned);
  item.accessibilityInformation = {
    label: `${exchange.method} ${exchange.url}, status ${exchange.status}, ${formatSize(exchange.size)}`,
  };
  item.command = {
    command: 'pushpull.openExchangeResponse',
    title: 'Open Response',
    arguments: [{ kind: 'exchange', exchange }],
  };
  return item;
}

function statusIcon(status: number, pinned: boolean): vscode.ThemeIcon {
  if (pinned) return new vscode.ThemeIcon('pinned');
  if (status >= 500) return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  if (status >= 400) return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  if (status >= 300) return new vscode.ThemeIcon('arrow-swap', new vscode.ThemeColor('charts.blue'));
  if (status >= 200) return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  return new vscode.ThemeIcon('circle-slash');
}

const ms = (value: number | undefined): string => (value === undefined ? '—' : `${Math.round(value)} ms`);

/**
 * The tooltip, made when a person hovers the row: the full URL, when it was sent and the timings. A plain string:
 * the URL and status text came from the network or the user and are never rendered as Markdown.
 */
export function exchangeTooltip(summary: ExchangeSummary, full: PulledExchange | undefined): string {
  const lines = [`${summary.method} ${summary.url}`, `Sent ${new Date(summary.startedAt).toLocaleString()}`];
  if (!full) return [...lines, `${summary.status} · ${ms(summary.totalMs)} · ${formatSize(summary.size)}`].join('\n');
  const { response } = full;
  const t = response.timings;
  lines.push(
    `${response.status}${response.statusText ? ` ${response.statusText.slice(0, 80)}` : ''} · HTTP/${response.httpVersion} · ${formatSize(summary.size)}${response.truncated ? ' (cut by the size limit)' : ''}`,
    '',
    t.reusedConnection
      ? 'Connection reused: no DNS, connect or TLS'
      : `DNS ${ms(t.dns)} · connect ${ms(t.connect)} · TLS ${ms(t.tls)}`,
    `First byte ${ms(t.firstByte)} · download ${ms(t.download)} · total ${ms(t.total)}`,
  );
  if (response.redirects.length > 0) lines.push(`${response.redirects.length} redirects followed`);
  return lines.join('\n');
}

export function groupItem(node: Extract<HistoryNode, { kind: 'group' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `group:${node.key}`;
  item.description = `${node.total} ${node.total === 1 ? 'request' : 'requests'}`;
  item.contextValue = 'historyGroup';
  item.iconPath = new vscode.ThemeIcon(node.key.startsWith('host:') ? 'globe' : 'calendar');
  return item;
}

export function moreItem(node: Extract<HistoryNode, { kind: 'more' }>): vscode.TreeItem {
  const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
  item.id = `more:${node.groupKey}`;
  item.description = `${node.remaining} older`;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.contextValue = 'historyMore';
  item.command = { command: 'pushpull.loadMoreHistory', title: 'Load More', arguments: [node] };
  return item;
}
