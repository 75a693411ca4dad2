import * as vscode from 'vscode';
import type { HookMeta } from '../../core/hooks/capture';
import { Disposable } from '../disposable';
import type { PushSide } from '../push/pushSide';
import { hookUri } from './hookDocuments';

/** Rows shown at most; the store keeps more. */
const MAX_ROWS = 500;
/** Refreshes are coalesced to at most one per this many ms. */
const REFRESH_MS = 100;

export interface HookNode {
  readonly kind: 'hook';
  readonly hook: HookMeta;
}

/** The Webhooks view: received hooks, newest first. */
export class HooksTreeProvider extends Disposable implements vscode.TreeDataProvider<HookNode> {
  private readonly changed = this._register(new vscode.EventEmitter<HookNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly push: PushSide) {
    super();
    this._register(push.onDidChange(() => this.scheduleRefresh()));
    this._register({ dispose: () => clearTimeout(this.pending) });
  }

  refresh(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    this.changed.fire(undefined);
  }

  private scheduleRefresh(): void {
    this.pending ??= setTimeout(() => this.refresh(), REFRESH_MS);
  }

  async getChildren(element?: HookNode): Promise<HookNode[]> {
    if (element) return [];
    await this.push.ready();
    return this.push.store.newest(MAX_ROWS).map((hook) => ({ kind: 'hook', hook }));
  }

  getTreeItem(node: HookNode): vscode.TreeItem {
    const { hook } = node;
    const item = new vscode.TreeItem(`${hook.method} ${hook.path}`, vscode.TreeItemCollapsibleState.None);
    item.id = hook.id;
    item.description = new Date(hook.receivedAt).toLocaleTimeString();
    item.tooltip = `${hook.method} ${hook.url}\nReceived ${new Date(hook.receivedAt).toLocaleString()}\n${hook.bodySize} bytes`;
    item.contextValue = 'hook';
    item.iconPath = new vscode.ThemeIcon(hook.method === 'GET' ? 'arrow-down' : 'arrow-right');
    item.resourceUri = hookUri(hook);
    item.command = { command: 'pushpull.openHook', title: 'Open Hook', arguments: [node] };
    return item;
  }
}
