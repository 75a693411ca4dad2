import * as vscode from 'vscode';
import type { Watch, WatchChange } from '../../core/compare/watchTypes';
import { Disposable } from '../disposable';

/** A row of the Watches view: a watch, or one change of its log. */
export type WatchNode =
  | { readonly kind: 'watch'; readonly id: string }
  | { readonly kind: 'change'; readonly watchId: string; readonly index: number };

/** What the view reads: the watches as they are now, and when they change. */
export interface WatchSource {
  list(): Watch[];
  get(id: string): Watch | undefined;
  readonly onDidChange: vscode.Event<unknown>;
}

/** The most changes listed under a watch (newest first; its log keeps up to 200). */
const SHOWN_CHANGES = 50;

/** Watches with their change logs, newest change first; a click on a change diffs it with the one before. */
export class WatchTreeProvider extends Disposable implements vscode.TreeDataProvider<WatchNode> {
  private readonly changed = this._register(new vscode.EventEmitter<WatchNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private source: WatchSource | undefined) {
    super();
  }

  setSource(source: WatchSource): void {
    this.source = source;
    this._register(source.onDidChange(() => this.changed.fire(undefined)));
    this.changed.fire(undefined);
  }

  getChildren(node?: WatchNode): WatchNode[] {
    const source = this.source;
    if (!source) return [];
    if (!node) return source.list().map((w) => ({ kind: 'watch', id: w.definition.id }));
    if (node.kind !== 'watch') return [];
    const changes = source.get(node.id)?.state.changes ?? [];
    const rows: WatchNode[] = [];
    for (let i = changes.length - 1; i >= 0 && rows.length < SHOWN_CHANGES; i--) {
      rows.push({ kind: 'change', watchId: node.id, index: i });
    }
    return rows;
  }

  getTreeItem(node: WatchNode): vscode.TreeItem {
    const watch = this.source?.get(node.kind === 'watch' ? node.id : node.watchId);
    if (!watch) return new vscode.TreeItem('(deleted)');
    if (node.kind === 'watch') return watchItem(watch);
    const change = watch.state.changes[node.index];
    return change ? changeItem(watch, change, node) : new vscode.TreeItem('(gone)');
  }
}

function watchItem(watch: Watch): vscode.TreeItem {
  const { definition, state } = watch;
  const item = new vscode.TreeItem(
    definition.name,
    state.changes.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `watch:${definition.id}`;
  const every = `every ${definition.everyMs / 1000} s`;
  const status = state.running ? every : `stopped · ${every}`;
  const failed = state.lastError !== undefined ? ' · failing' : '';
  item.description = `${status} · ${state.polls} polls, ${state.changes.length} changes${failed}`;
  item.iconPath = new vscode.ThemeIcon(
    state.lastError !== undefined ? 'warning' : state.running ? 'eye' : 'debug-pause',
  );
  item.contextValue = state.running ? 'watch-running' : 'watch-stopped';
  const tip = new vscode.MarkdownString(undefined, false);
  tip.appendText(`${definition.request.method} ${definition.request.url}\n\n`);
  tip.appendText(
    `${state.polls} polls answered, ${state.pollsWithoutChange} without change, ${state.bytesPulled} body bytes received` +
      `${state.failures ? `, ${state.failures} failed` : ''}.`,
  );
  if (state.lastError !== undefined) tip.appendText(`\n\nLast failure: ${state.lastError}`);
  item.tooltip = tip;
  return item;
}

function changeItem(watch: Watch, change: WatchChange, node: WatchNode): vscode.TreeItem {
  const at = new Date(change.at);
  const item = new vscode.TreeItem(at.toLocaleTimeString());
  item.id = `watch:${watch.definition.id}:${change.exchangeId}`;
  item.description = `${change.status} · ${change.bytes.toLocaleString()} B`;
  item.tooltip = `${at.toLocaleString()}: the body changed (sha256 ${change.sha256.slice(0, 12)}…). Click to compare it with the change before.`;
  item.iconPath = new vscode.ThemeIcon('diff');
  item.contextValue = 'watch-change';
  item.command = { command: 'pushpull.diffWatchChange', title: 'Compare with the Change Before', arguments: [node] };
  return item;
}
