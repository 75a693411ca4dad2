import type * as vscode from 'vscode';
import type { Logger } from '../../core/clock';
import type { CompareDeps } from '../compare/compareWith';
import type { ReadOnlyDocumentProvider } from '../readOnlyDocumentProvider';
import { HistoryPrompts, registerHistoryCommands } from './commands';
import { HistoryHandle, type HistoryOpener } from './historyHandle';
import { HistoryTreeProvider } from './historyTree';
import { HistoryView } from './historyView';
import { historyGroupBy } from './settings';

/** The request history and the Requests view, as the extension holds them (the test API hands them to tests). */
export interface RequestsView {
  readonly handle: HistoryHandle;
  readonly tree: HistoryTreeProvider;
  readonly view: HistoryView;
  readonly prompts: HistoryPrompts;
  /** The history's folder. */
  readonly location: string;
}

/**
 * Starts opening the request history (in the background) and makes the Requests view; `start` registers its
 * commands once the compare dependencies exist and returns everything to dispose.
 */
export function registerRequestsView(options: {
  location: string;
  open: HistoryOpener;
  logger: Logger;
}): RequestsView & {
  start(compare: CompareDeps, documents: ReadOnlyDocumentProvider): vscode.Disposable[];
} {
  const handle = new HistoryHandle(options.open, options.logger);
  void handle.open();
  const tree = new HistoryTreeProvider(handle, historyGroupBy);
  const view = new HistoryView(tree, handle);
  const prompts = new HistoryPrompts();
  return {
    handle,
    tree,
    view,
    prompts,
    location: options.location,
    start: (compare, documents) => [
      view,
      tree,
      handle,
      ...registerHistoryCommands({ handle, view, documents, compare, prompts }),
    ],
  };
}
