import * as vscode from 'vscode';
import type { BodyInsight, HookMeta } from '../../core/model/hook';
import { withoutCredentials } from '../../core/http/credentials';
import { relayText } from '../../core/render/relayText';
import { verdictText } from '../../core/render/verdict';
import { type DeliveryFlag, deliveryFlagText } from '../../core/compare/deliveries';
import { hookUri } from './hookDocuments';

export type HookTreeNode =
  | {
      readonly kind: 'group';
      readonly key: string;
      readonly label: string;
      readonly description?: string;
      readonly total: number;
    }
  | { readonly kind: 'hook'; readonly hook: HookMeta }
  | { readonly kind: 'more'; readonly groupKey: string; readonly remaining: number };

/** A tree row that is a hook. */
export type HookRow = Extract<HookTreeNode, { kind: 'hook' }>;

const METHOD_ICONS: Record<string, string> = {
  GET: 'arrow-down',
  POST: 'arrow-right',
  PUT: 'arrow-swap',
  PATCH: 'edit',
  DELETE: 'trash',
};

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function relativeTime(then: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours}h ago`;
  return `${Math.round(hours / 24)}d ago`;
}

/** Headers a person looks for first, shown in the tooltip. */
const KEY_HEADERS =
  /^(content-type|user-agent|x-github-event|x-github-delivery|x-gitlab-event|x-shopify-topic|stripe-signature|x-hub-signature-256|webhook-id|svix-id|x-slack-signature|x-request-id)$/i;

export function hookItem(
  hook: HookMeta,
  insight: BodyInsight | undefined,
  pinned: boolean,
  now: number,
  delivery: readonly DeliveryFlag[] = [],
): vscode.TreeItem {
  const item = new vscode.TreeItem(`${hook.method} ${hook.path}`, vscode.TreeItemCollapsibleState.None);
  item.id = hook.id;
  const event = insight?.event ?? hook.event;
  const flags = insight?.flags ?? hook.flags;
  item.description = [
    pinned ? 'pinned' : undefined,
    hook.relay ? 'relayed' : undefined,
    delivery.length ? deliveryFlagText(delivery) : undefined,
    event,
    formatSize(hook.bodySize),
    String(hook.answerStatus),
    relativeTime(hook.receivedAt, now),
  ]
    .filter(Boolean)
    .join(' · ');
  item.contextValue = pinned ? 'hook.pinned' : 'hook';
  item.iconPath = iconOf(hook, flags, pinned);
  item.resourceUri = hookUri(hook);
  // VS Code's own open, as the Explorer's files use it: a click previews the hook and leaves the focus on the row
  // (so the view's keys act on it); Enter or a double-click opens it focused.
  item.command = { command: 'vscode.open', title: 'Open Hook', arguments: [item.resourceUri] };
  return item;
}

/**
 * The row's tooltip, made when a person hovers the row (`resolveTreeItem`), not for every row of every
 * refresh: a locale date and the decoded headers cost more than the rest of the row.
 */
export function hookTooltip(hook: HookMeta, insight: BodyInsight | undefined): string {
  const flags = insight?.flags ?? hook.flags;
  const lines = [
    `${hook.method} ${hook.url}`,
    `Received ${new Date(hook.receivedAt).toLocaleString()} from ${hook.remoteAddress}`,
    `Body ${formatSize(hook.bodySize)}${flags.includes('invalid-json') ? ' — not valid JSON' : ''}; answered ${hook.answerStatus}`,
    ...(hook.verdict ? [verdictText(hook.verdict)] : []),
    ...(hook.relay ? [relayText(hook.relay)] : []),
    ...(hook.forward
      ? [
          `Forwarded to ${withoutCredentials(hook.forward.target)}: ${hook.forward.status ?? hook.forward.error ?? 'no answer'}`,
        ]
      : []),
    '',
    ...hook.headers.filter(([name]) => KEY_HEADERS.test(name)).map(([n, v]) => `${n}: ${v.slice(0, 120)}`),
  ];
  // A plain string: header values come from the network and are never rendered as Markdown.
  return lines.join('\n');
}

/** Signature verdicts outrank the method in the icon: a person must see a failed check at once. */
function iconOf(hook: HookMeta, flags: readonly string[], pinned: boolean): vscode.ThemeIcon {
  const status = hook.verdict?.status;
  if (status === 'invalid') return new vscode.ThemeIcon('shield', new vscode.ThemeColor('errorForeground'));
  if (status === 'valid') return new vscode.ThemeIcon('verified-filled', new vscode.ThemeColor('testing.iconPassed'));
  if (status === 'no-secret')
    return new vscode.ThemeIcon('key', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  const color = flags.includes('invalid-json') ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined;
  return new vscode.ThemeIcon(pinned ? 'pinned' : (METHOD_ICONS[hook.method] ?? 'circle-outline'), color);
}

export function groupItem(node: Extract<HookTreeNode, { kind: 'group' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `group:${node.key}`;
  item.description = `${node.description ? `${node.description} · ` : ''}${node.total} ${node.total === 1 ? 'hook' : 'hooks'}`;
  item.contextValue = 'group';
  item.iconPath = new vscode.ThemeIcon(node.key.startsWith('route:') ? 'symbol-namespace' : 'folder');
  return item;
}

export function moreItem(node: Extract<HookTreeNode, { kind: 'more' }>): vscode.TreeItem {
  const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
  item.id = `more:${node.groupKey}`;
  item.description = `${node.remaining} older`;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.contextValue = 'more';
  item.command = { command: 'pushpull.loadMoreHooks', title: 'Load More', arguments: [node] };
  return item;
}
