import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { HistoryHandle } from './historyHandle';
import type { HistoryTreeProvider } from './historyTree';
import { HistoryFilterError, parseHistoryFilter } from './query';
import type { HistoryNode } from './rows';
import { historyGroupBy, setHistoryGroupBy } from './settings';

/** The Requests view (`pushpull.history`): the tree, its filter and grouping, and what it says in its message. */
export class HistoryView extends Disposable {
  readonly view: vscode.TreeView<HistoryNode>;

  constructor(
    readonly tree: HistoryTreeProvider,
    private readonly handle: HistoryHandle,
  ) {
    super();
    this.view = this._register(
      vscode.window.createTreeView('pushpull.history', {
        treeDataProvider: tree,
        canSelectMany: true,
        showCollapseAll: true,
      }),
    );
    this._register(tree.onDidRefresh(() => this.showMessage()));
    this._register(handle.onDidChange(() => this.showMessage()));
    this._register(
      vscode.workspace.onDidChangeConfiguration(
        (e) => e.affectsConfiguration('pushpull.history.groupBy') && tree.refresh(),
      ),
    );
    this._register(vscode.commands.registerCommand('pushpull.filterHistory', (text?: string) => this.askFilter(text)));
    this._register(vscode.commands.registerCommand('pushpull.clearHistoryFilter', () => this.applyFilter('')));
    this._register(
      vscode.commands.registerCommand('pushpull.toggleHistoryGrouping', async () => {
        const next = historyGroupBy() === 'day' ? 'host' : 'day';
        await setHistoryGroupBy(next);
        tree.refresh();
        return next;
      }),
    );
    this._register(
      vscode.commands.registerCommand('pushpull.loadMoreHistory', (node?: { groupKey?: string }) => {
        if (node?.groupKey) tree.loadMore(node.groupKey);
      }),
    );
    this.showMessage();
  }

  /** Asks for a filter (or applies `text` directly); a filter that cannot be read is explained as the user types. */
  private async askFilter(text?: string): Promise<boolean> {
    const value =
      text ??
      (await vscode.window.showInputBox({
        title: 'Filter Requests',
        value: this.tree.filter?.text ?? '',
        prompt: 'Words to find in the URL, and method:POST status:4xx status:404 host:api.github.com. Empty shows all.',
        validateInput: (input) => {
          try {
            parseHistoryFilter(input);
            return undefined;
          } catch (error) {
            return error instanceof HistoryFilterError ? error.message : String(error);
          }
        },
      }));
    return value === undefined ? false : this.applyFilter(value);
  }

  private async applyFilter(text: string): Promise<boolean> {
    let filter;
    try {
      filter = parseHistoryFilter(text);
    } catch (error) {
      void vscode.window.showErrorMessage(`PushPull: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
    this.tree.setFilter(filter);
    await vscode.commands.executeCommand('setContext', 'pushpull.historyFiltered', filter !== undefined);
    this.showMessage();
    return true;
  }

  private showMessage(): void {
    const failure = this.handle.error;
    if (failure !== undefined && !this.handle.history) {
      this.view.message = `The request history is not available: ${failure}`;
      return;
    }
    const filter = this.tree.filter;
    if (!filter) {
      this.view.message = undefined;
      return;
    }
    const { shown, total } = this.tree.counts;
    const clear = "Clear it with the ✕ in the view's title.";
    if (filter.impossible) {
      this.view.message = `Filter "${filter.text}" cannot match any request: ${filter.impossible}. ${clear}`;
      return;
    }
    this.view.message = `Filter "${filter.text}": ${shown} of ${total} requests${shown === 0 && total > 0 ? ' (none matches)' : ''}. ${clear}`;
  }
}
