import * as vscode from 'vscode';
import { FilterSyntaxError, parseFilter, unknownEvents } from '../../core/hooks/query/filter';
import { Coalesced } from '../../core/coalesced';
import { Disposable } from '../disposable';
import type { PushSide } from '../../core/push/session';
import { BODY_SEARCH_LIMIT, type HooksTreeProvider } from './hooksTree';
import type { HookTreeNode } from './rows';

/** Badge and status bar show hooks received while the view is hidden at most this often (ms). */
const UNSEEN_MS = 100;

/** The Webhooks tree view: selection, unseen badge, filter message and the commands that act on the view. */
export class HooksView extends Disposable {
  readonly view: vscode.TreeView<HookTreeNode>;
  /** Hooks received while the view was hidden, and how many the badge shows (lagging by up to UNSEEN_MS). */
  private unseenCount = 0;
  private shownUnseen = 0;
  private readonly unseenLater = this._register(new Coalesced(UNSEEN_MS, () => this.showUnseen()));
  private readonly unseenChanged = this._register(new vscode.EventEmitter<number>());
  /** Fires when the badge changes, with the count it shows. */
  readonly onDidChangeUnseen = this.unseenChanged.event;
  private clock: NodeJS.Timeout | undefined;

  constructor(
    readonly tree: HooksTreeProvider,
    private readonly push: PushSide,
  ) {
    super();
    this.view = this._register(
      vscode.window.createTreeView('pushpull.hooks', {
        treeDataProvider: tree,
        canSelectMany: true,
        showCollapseAll: true,
      }),
    );
    this._register(push.onDidReceive(() => this.received()));
    this._register(this.view.onDidChangeVisibility(({ visible }) => this.visibilityChanged(visible)));
    this._register(tree.onDidRefresh(() => this.showFilterMessage()));
    this._register(
      vscode.workspace.onDidChangeConfiguration(
        (e) => e.affectsConfiguration('pushpull.hooks.groupBy') && tree.refresh(),
      ),
    );
    this._register({ dispose: () => clearInterval(this.clock) });
    this._register(vscode.commands.registerCommand('pushpull.filterHooks', (text?: string) => this.askFilter(text)));
    this._register(vscode.commands.registerCommand('pushpull.clearHooksFilter', () => this.applyFilter('')));
    this._register(
      vscode.commands.registerCommand('pushpull.loadMoreHooks', (node?: { groupKey?: string }) => {
        if (node?.groupKey) tree.loadMore(node.groupKey);
      }),
    );
    this.visibilityChanged(this.view.visible);
  }

  /** Hooks received while the view was hidden; the badge and the status bar show it within UNSEEN_MS. */
  get unseen(): number {
    return this.unseenCount;
  }

  /** A burst of hooks updates the badge and the status bar once per UNSEEN_MS, not once per hook. */
  private received(): void {
    if (this.view.visible) return;
    this.unseenCount++;
    this.unseenLater.schedule();
  }

  private showUnseen(): void {
    this.unseenLater.cancel();
    const count = this.unseenCount;
    if (count === this.shownUnseen) return;
    this.shownUnseen = count;
    this.view.badge =
      count > 0 ? { value: count, tooltip: `${count} new ${count === 1 ? 'webhook' : 'webhooks'}` } : undefined;
    this.unseenChanged.fire(count);
  }

  private visibilityChanged(visible: boolean): void {
    clearInterval(this.clock);
    this.clock = undefined;
    if (!visible) return;
    this.unseenCount = 0;
    this.showUnseen();
    // Relative times ("2m ago") stay true while the view is on screen.
    this.clock = setInterval(() => this.tree.refresh(), 30_000);
  }

  /** Asks for a filter (or applies `text` directly); invalid syntax is explained as the user types. */
  private async askFilter(text?: string): Promise<void> {
    const value =
      text ??
      (await vscode.window.showInputBox({
        title: 'Filter Webhooks',
        value: this.tree.filter?.text ?? '',
        prompt:
          'method:POST path:/github event:push status:invalid header:x-github-event=push and words to find in bodies. Empty shows all.',
        validateInput: (input) => {
          try {
            parseFilter(input);
            return undefined;
          } catch (error) {
            return error instanceof FilterSyntaxError ? error.message : String(error);
          }
        },
      }));
    if (value !== undefined) await this.applyFilter(value);
  }

  private async applyFilter(text: string): Promise<void> {
    let filter;
    try {
      filter = parseFilter(text);
    } catch (error) {
      void vscode.window.showErrorMessage(`PushPull: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    this.tree.setFilter(filter);
    await vscode.commands.executeCommand('setContext', 'pushpull.hooksFiltered', filter !== undefined);
    this.showFilterMessage();
  }

  private showFilterMessage(): void {
    const filter = this.tree.filter;
    if (!filter) {
      this.view.message = undefined;
      return;
    }
    const { shown, total, searchedBodies, pendingBodies } = this.tree.counts;
    const bodies =
      pendingBodies > 0
        ? ` (searching bodies: ${pendingBodies} left)`
        : searchedBodies >= BODY_SEARCH_LIMIT
          ? ` (body text searched in the newest ${searchedBodies})`
          : '';
    // An event no stored hook names matches nothing: say which events there are instead of an empty view.
    const known = shown === 0 ? unknownEvents(filter, this.push.store.list()) : undefined;
    const events = known
      ? ` No webhook has the event ${filter.events?.join(' or ')}; ${known.length > 0 ? `events received: ${known.join(', ')}` : 'none received names an event'}.`
      : '';
    this.view.message = `Filter "${filter.text}": ${shown} of ${total} hooks${bodies}.${events} Clear it with the ✕ in the view's title.`;
  }
}
