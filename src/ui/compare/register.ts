import * as vscode from 'vscode';
import type { Comparison } from './comparison';
import { RememberedOptions } from './options';
import { CompareSummaryView } from './summaryView';

/** What Compare With… needs besides the push side, the history and the documents: made once per window. */
export interface CompareUi extends vscode.Disposable {
  readonly remembered: RememberedOptions;
  readonly summary: CompareSummaryView;
  readonly showSummary: (comparison: Comparison) => void;
  /** Shows why nothing was compared (an error message); PushPull's tests watch `onDidShowError`. */
  readonly showError: (message: string) => void;
  readonly onDidShowError: vscode.Event<string>;
}

/** Makes the Comparison view and the remembered options (in the workspace's state). */
export function createCompareUi(workspaceState: vscode.Memento): CompareUi {
  const summary = new CompareSummaryView();
  const errors = new vscode.EventEmitter<string>();
  return {
    remembered: new RememberedOptions(workspaceState),
    summary,
    showSummary: (comparison) => summary.show(comparison),
    showError: (message) => {
      errors.fire(message);
      void vscode.window.showErrorMessage(message);
    },
    onDidShowError: errors.event,
    dispose: () => {
      summary.dispose();
      errors.dispose();
    },
  };
}
