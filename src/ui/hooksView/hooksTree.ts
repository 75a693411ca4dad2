import * as vscode from 'vscode';
import type { BodyInsight, HookMeta } from '../../core/model/hook';
import { BodySearch } from '../../core/hooks/query/bodySearch';
import { type HookFilter, matchesMeta } from '../../core/hooks/query/filter';
import { type GroupBy, groupHooks, type HookGroup } from '../../core/hooks/query/grouping';
import { inspectStored } from '../../core/hooks/query/inspectStored';
import { Coalesced } from '../../core/coalesced';
import { Disposable } from '../disposable';
import type { PushSide } from '../../core/push/session';
import { HookDeliveryFlags } from '../../core/compare/deliveries';
import { groupItem, type HookTreeNode, hookItem, hookTooltip, moreItem } from './rows';

/** Rows per group before "Load more…"; each click shows this many more. */
export const PAGE_SIZE = 500;
/** Refreshes are coalesced to at most one per this many ms. */
const REFRESH_MS = 100;
/** A body-text filter searches at most this many of the newest bodies (a refresh reads at most 32 MiB of them). */
export const BODY_SEARCH_LIMIT = 2000;

/** What the filter let through in the last refresh. */
export interface FilterCounts {
  /** Hooks shown. */
  readonly shown: number;
  /** Hooks stored. */
  readonly total: number;
  /** Bodies searched for the filter's body text. */
  readonly searchedBodies: number;
  /** Bodies still to be searched (over a refresh's read budget): their hooks are not shown yet. */
  readonly pendingBodies: number;
}

/** The Webhooks view: hooks grouped (by route, day or not at all), newest first, filtered, paged. */
export class HooksTreeProvider extends Disposable implements vscode.TreeDataProvider<HookTreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<HookTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly refreshed = this._register(new vscode.EventEmitter<void>());
  /** Fires after the root was computed again (the view asked for it). */
  readonly onDidRefresh = this.refreshed.event;
  private readonly refreshLater = this._register(new Coalesced(REFRESH_MS, () => this.refresh()));
  private groups: HookGroup[] = [];
  private readonly limits = new Map<string, number>();
  private readonly insights = new Map<string, BodyInsight>();
  /** Redeliveries and events out of order, from the hooks' headers. */
  private readonly deliveries = new HookDeliveryFlags();
  private filterValue: HookFilter | undefined;
  /** Answers of the filter's body text; a new filter starts afresh. */
  private bodySearch: BodySearch | undefined;
  private matched: FilterCounts = { shown: 0, total: 0, searchedBodies: 0, pendingBodies: 0 };

  constructor(
    private readonly push: PushSide,
    private readonly groupBy: () => GroupBy,
  ) {
    super();
    this._register(push.onDidChange(() => this.refreshLater.schedule()));
  }

  get filter(): HookFilter | undefined {
    return this.filterValue;
  }

  /** Counts of the last refresh: hooks shown after filtering, hooks stored, bodies searched or still to search. */
  get counts(): FilterCounts {
    return this.matched;
  }

  setFilter(filter: HookFilter | undefined): void {
    this.filterValue = filter;
    const text = filter?.body;
    this.bodySearch = text === undefined ? undefined : new BodySearch(text, (id) => this.push.store.readBody(id));
    this.limits.clear();
    this.refresh();
  }

  loadMore(groupKey: string): void {
    this.limits.set(groupKey, (this.limits.get(groupKey) ?? PAGE_SIZE) + PAGE_SIZE);
    this.refresh();
  }

  refresh(): void {
    this.refreshLater.cancel();
    this.changed.fire(undefined);
  }

  async getChildren(element?: HookTreeNode): Promise<HookTreeNode[]> {
    if (!element) return this.root();
    if (element.kind !== 'group') return [];
    const group = this.groups.find((g) => g.key === element.key);
    if (!group) return [];
    const rows: HookTreeNode[] = group.shown.map((hook) => ({ kind: 'hook', hook }));
    if (group.total > group.shown.length)
      rows.push({ kind: 'more', groupKey: group.key, remaining: group.total - group.shown.length });
    return rows;
  }

  getTreeItem(node: HookTreeNode): vscode.TreeItem {
    if (node.kind === 'group') return groupItem(node);
    if (node.kind === 'more') return moreItem(node);
    const { hook } = node;
    return hookItem(
      hook,
      this.insights.get(hook.id),
      hook.pinned === true,
      Date.now(),
      this.deliveries.flagsOf(hook.id),
    );
  }

  resolveTreeItem(item: vscode.TreeItem, node: HookTreeNode): vscode.TreeItem {
    if (node.kind === 'hook') item.tooltip = hookTooltip(node.hook, this.insights.get(node.hook.id));
    return item;
  }

  getParent(node: HookTreeNode): HookTreeNode | undefined {
    if (node.kind !== 'hook' || this.groupBy() === 'none') return undefined;
    const group = this.groups.find((g) => g.shown.some((h) => h.id === node.hook.id));
    return (
      group && { kind: 'group', key: group.key, label: group.label, description: group.description, total: group.total }
    );
  }

  private async root(): Promise<HookTreeNode[]> {
    await this.push.ready();
    const store = this.push.store;
    this.deliveries.update(store.list());
    const hooks = await this.filtered(store.list());
    // Bodies over this refresh's read budget are searched by the next one, until none is left.
    if (this.matched.pendingBodies > 0) this.refreshLater.schedule();
    const by = this.groupBy();
    this.groups = groupHooks(hooks, by, (key) => this.limits.get(key) ?? PAGE_SIZE, Date.now());
    await this.inspectShown();
    this.refreshed.fire();
    if (by === 'none') {
      const only = this.groups[0];
      if (!only) return [];
      return this.getChildren({ kind: 'group', key: only.key, label: only.label, total: only.total });
    }
    return this.groups.map((g) => ({
      kind: 'group',
      key: g.key,
      label: g.label,
      description: g.description,
      total: g.total,
    }));
  }

  private async filtered(all: readonly HookMeta[]): Promise<readonly HookMeta[]> {
    const filter = this.filterValue;
    const search = this.bodySearch;
    if (!filter) {
      this.matched = { shown: all.length, total: all.length, searchedBodies: 0, pendingBodies: 0 };
      return all;
    }
    let hooks = all.filter((hook) => matchesMeta(filter, hook));
    let searched = 0;
    let pending = 0;
    if (search) {
      const candidates = hooks.slice(0, BODY_SEARCH_LIMIT);
      ({ matches: hooks, pending } = await search.search(candidates));
      searched = candidates.length - pending;
    }
    this.matched = { shown: hooks.length, total: all.length, searchedBodies: searched, pendingBodies: pending };
    return hooks;
  }

  /** Large bodies are inspected (JSON validity, event type) only once they are on screen. */
  private async inspectShown(): Promise<void> {
    const todo = this.groups.flatMap((g) => g.shown).filter((h) => !this.insights.has(h.id));
    const store = this.push.store;
    const found = await inspectStored(todo, (id) => store.readBody(id));
    for (const [id, insight] of found) {
      this.insights.set(id, insight);
      // Kept with the hook where this window writes the store (a read-only one refuses): no later reload
      // reads that body again.
      void store.setInsight(id, insight).catch(() => undefined);
    }
  }
}
