import * as vscode from 'vscode';
import { Coalesced } from '../../core/coalesced';
import type { ExchangeSummary } from '../../core/model/history';
import { Disposable } from '../disposable';
import type { HistoryHandle } from './historyHandle';
import { type ExchangeGroup, groupExchanges, type HistoryFilter, matchesExchange } from './query';
import { exchangeItem, exchangeTooltip, groupItem, type HistoryNode, moreItem } from './rows';
import type { HistoryGroupBy } from './settings';

/** Rows per group before "Load more…"; each click shows this many more. */
export const HISTORY_PAGE_SIZE = 500;
/** Refreshes are coalesced to at most one per this many ms. */
const REFRESH_MS = 100;

/** What the filter let through in the last refresh. */
export interface HistoryCounts {
  readonly shown: number;
  readonly total: number;
}

/** The Requests view: exchanges newest first, grouped by day or host, filtered, paged per group. */
export class HistoryTreeProvider extends Disposable implements vscode.TreeDataProvider<HistoryNode> {
  private readonly changed = this._register(new vscode.EventEmitter<HistoryNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly refreshed = this._register(new vscode.EventEmitter<void>());
  /** Fires after the root was computed again. */
  readonly onDidRefresh = this.refreshed.event;
  private readonly refreshLater = this._register(new Coalesced(REFRESH_MS, () => this.refresh()));
  private groups: ExchangeGroup[] = [];
  private readonly limits = new Map<string, number>();
  private filterValue: HistoryFilter | undefined;
  private matched: HistoryCounts = { shown: 0, total: 0 };

  constructor(
    private readonly handle: HistoryHandle,
    private readonly groupBy: () => HistoryGroupBy,
  ) {
    super();
    this._register(handle.onDidChange(() => this.refreshLater.schedule()));
  }

  get filter(): HistoryFilter | undefined {
    return this.filterValue;
  }

  get counts(): HistoryCounts {
    return this.matched;
  }

  setFilter(filter: HistoryFilter | undefined): void {
    this.filterValue = filter;
    this.limits.clear();
    this.refresh();
  }

  loadMore(groupKey: string): void {
    this.limits.set(groupKey, (this.limits.get(groupKey) ?? HISTORY_PAGE_SIZE) + HISTORY_PAGE_SIZE);
    this.refresh();
  }

  refresh(): void {
    this.refreshLater.cancel();
    this.changed.fire(undefined);
  }

  async getChildren(element?: HistoryNode): Promise<HistoryNode[]> {
    if (!element) return this.root();
    if (element.kind !== 'group') return [];
    const group = this.groups.find((g) => g.key === element.key);
    if (!group) return [];
    const rows: HistoryNode[] = group.shown.map((exchange) => ({ kind: 'exchange', exchange }));
    if (group.total > group.shown.length) {
      rows.push({ kind: 'more', groupKey: group.key, remaining: group.total - group.shown.length });
    }
    return rows;
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    if (node.kind === 'group') return groupItem(node);
    if (node.kind === 'more') return moreItem(node);
    return exchangeItem(node.exchange, Date.now());
  }

  async resolveTreeItem(item: vscode.TreeItem, node: HistoryNode): Promise<vscode.TreeItem> {
    if (node.kind !== 'exchange') return item;
    const full = await this.handle.history?.get(node.exchange.id).catch(() => undefined);
    item.tooltip = exchangeTooltip(node.exchange, full);
    return item;
  }

  getParent(node: HistoryNode): HistoryNode | undefined {
    if (node.kind !== 'exchange') return undefined;
    const group = this.groups.find((g) => g.shown.some((e) => e.id === node.exchange.id));
    return group && { kind: 'group', key: group.key, label: group.label, total: group.total };
  }

  private async root(): Promise<HistoryNode[]> {
    const history = await this.handle.ready();
    const all = history?.list() ?? [];
    const filter = this.filterValue;
    let shown: readonly ExchangeSummary[] = all;
    if (filter) shown = all.filter((exchange) => matchesExchange(filter, exchange));
    this.matched = { shown: shown.length, total: all.length };
    this.groups = groupExchanges(shown, this.groupBy(), (key) => this.limits.get(key) ?? HISTORY_PAGE_SIZE, Date.now());
    this.refreshed.fire();
    return this.groups.map((g) => ({ kind: 'group', key: g.key, label: g.label, total: g.total }));
  }
}
