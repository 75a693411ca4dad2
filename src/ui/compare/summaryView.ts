import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { Comparison, Difference } from './comparison';
import { SummaryTreeProvider } from './summaryTree';

/** Where a revealed difference is: the 0-based line on each side that has it. */
export interface RevealedLines {
  readonly left?: number;
  readonly right?: number;
}

const VISIBLE_WAIT_MS = 3000;

/**
 * The Comparison view (`pushpull.compareSummary`) beside the diff editor: shown while a comparison exists
 * (context key `pushpull.hasComparison`); a row, clicked or opened with Enter, reveals its lines in the diff.
 */
export class CompareSummaryView extends Disposable {
  readonly tree = this._register(new SummaryTreeProvider());
  readonly view = this._register(
    vscode.window.createTreeView('pushpull.compareSummary', { treeDataProvider: this.tree, showCollapseAll: true }),
  );

  constructor() {
    super();
    this._register(
      vscode.commands.registerCommand('pushpull.revealDifference', (difference?: Difference) =>
        difference ? this.reveal(difference) : undefined,
      ),
    );
    this._register(vscode.commands.registerCommand('pushpull.closeComparison', () => this.show(undefined)));
    // The summary goes with its diff: when no tab shows the comparison any more, the view hides.
    this._register(
      vscode.window.tabGroups.onDidChangeTabs((change) => {
        const comparison = this.tree.comparison;
        if (comparison && change.closed.length > 0 && !diffOpen(comparison)) this.show(undefined);
      }),
    );
  }

  /** Shows `comparison`'s summary (undefined: none, and the view hides). */
  show(comparison: Comparison | undefined): void {
    this.tree.show(comparison);
    void vscode.commands.executeCommand('setContext', 'pushpull.hasComparison', comparison !== undefined);
    this.view.description = comparison ? `${comparison.left.title} ↔ ${comparison.right.title}` : undefined;
    const first = this.tree.getChildren()[0];
    if (comparison && first) {
      // Makes the view visible without taking the focus from the diff editor.
      void Promise.resolve(this.view.reveal(first, { select: false, focus: false })).catch(() => undefined);
    }
  }

  /** Selects and scrolls to the lines of `difference` on both sides of the diff (opening it again if closed). */
  async reveal(difference: Difference): Promise<RevealedLines | undefined> {
    const comparison = this.tree.comparison;
    if (!comparison) return undefined;
    const left = comparison.left.document?.lineOf(difference.path);
    const right = comparison.right.document?.lineOf(difference.path);
    const selection = right === undefined ? undefined : new vscode.Range(right, 0, right, 0);
    await vscode.commands.executeCommand('vscode.diff', comparison.left.uri, comparison.right.uri, comparison.title, {
      preview: true,
      selection,
    });
    const editors = await visibleEditors(comparison);
    if (left !== undefined && editors.left) select(editors.left, left);
    if (right !== undefined && editors.right) select(editors.right, right);
    return { left, right };
  }
}

function select(editor: vscode.TextEditor, line: number): void {
  const position = new vscode.Position(line, 0);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

interface SideEditors {
  readonly left?: vscode.TextEditor;
  readonly right?: vscode.TextEditor;
}

function findEditors(comparison: Comparison): SideEditors {
  const find = (uri: vscode.Uri): vscode.TextEditor | undefined =>
    vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
  return { left: find(comparison.left.uri), right: find(comparison.right.uri) };
}

/** The editors of both sides once VS Code shows them (it may report them a moment after the diff opened). */
async function visibleEditors(comparison: Comparison): Promise<SideEditors> {
  const now = findEditors(comparison);
  if (now.left && now.right) return now;
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      listener.dispose();
      resolve(findEditors(comparison));
    };
    const listener = vscode.window.onDidChangeVisibleTextEditors(() => {
      const found = findEditors(comparison);
      if (found.left && found.right) done();
    });
    const timer = setTimeout(done, VISIBLE_WAIT_MS);
  });
}

function diffOpen(comparison: Comparison): boolean {
  const left = comparison.left.uri.toString();
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.original.toString() === left),
  );
}
