import * as vscode from 'vscode';
import type { CompareOptions } from '../../core/compare/types';
import type { ExchangeSummary } from '../../core/model/history';
import type { HookStore } from '../../core/model/hookStore';
import type { PushSide } from '../../core/push/session';
import type { HistoryHandle } from '../history/historyHandle';
import { hostAndPath } from '../history/rows';
import { exchangeSide } from './exchangeSide';
import { pickExchange, pickHook } from './pickers';
import { clipboardSide, fileSide, hookSide, type PayloadSide, selectionSide } from './sides';

/**
 * What a hook or a request can be compared with; also the command's second argument, then optionally with the
 * options to compare with (no "Compare options…" step is asked).
 */
export type CompareSource = (
  | { readonly kind: 'response' }
  | { readonly kind: 'exchange'; readonly id: string }
  | { readonly kind: 'hook'; readonly id: string }
  | { readonly kind: 'file'; readonly uri: vscode.Uri }
  | { readonly kind: 'clipboard' }
  | { readonly kind: 'selection' }
) & { readonly options?: CompareOptions };

export interface SourceDeps {
  readonly push: PushSide;
  /** The request history: "pull" data, across reloads. */
  readonly history: HistoryHandle;
}

/** The newest exchange of the history (once it is open), if it holds one. */
async function latestExchange(deps: SourceDeps): Promise<ExchangeSummary | undefined> {
  return (await deps.history.ready())?.newest(1)[0];
}

/** Reads `source` as one side of a comparison; a warning says why when it cannot. */
export async function sideOf(
  deps: SourceDeps,
  store: HookStore,
  source: CompareSource,
): Promise<PayloadSide | undefined> {
  switch (source.kind) {
    case 'response': {
      const latest = await latestExchange(deps);
      const history = deps.history.history;
      if (latest && history) return exchangeSide(history, latest);
      void vscode.window.showWarningMessage('No response yet: send a request from the Request Panel first.');
      return undefined;
    }
    case 'exchange': {
      const history = await deps.history.forCommand();
      const summary = history?.summary(source.id);
      if (!history || !summary) {
        if (history) void vscode.window.showWarningMessage('That request is no longer in the history.');
        return undefined;
      }
      return exchangeSide(history, summary);
    }
    case 'hook': {
      const other = store.get(source.id);
      if (!other) {
        void vscode.window.showWarningMessage('That hook is no longer stored.');
        return undefined;
      }
      return hookSide(store, other);
    }
    case 'clipboard':
      return clipboardSide();
    case 'selection':
      return selectionSide();
    case 'file':
      return fileSide(source.uri);
  }
}

type SourceKind = CompareSource['kind'];

/** Asks what to compare with: the latest response, a request, a hook, a file, the clipboard or the selection. */
export async function pickSource(
  deps: SourceDeps,
  title: string,
  exclude: { readonly hook?: string; readonly exchange?: string },
): Promise<CompareSource | undefined> {
  const latest = await latestExchange(deps);
  const editor = vscode.window.activeTextEditor;
  type Item = vscode.QuickPickItem & { source: SourceKind };
  const items: Item[] = [
    {
      label: '$(cloud-download) Latest response',
      description: latest ? `${latest.method} ${hostAndPath(latest.url)}` : 'none yet',
      source: 'response',
    },
    { label: '$(history) A request from the history…', source: 'exchange' },
    { label: '$(radio-tower) A hook…', source: 'hook' },
    { label: '$(file) A file…', source: 'file' },
    { label: '$(clippy) The clipboard', source: 'clipboard' },
  ];
  if (editor) {
    const name = editor.document.uri.path.split('/').pop() ?? '';
    items.push({
      label: '$(selection) The editor’s selection',
      description: editor.selection.isEmpty ? `${name} (all of it)` : name,
      source: 'selection',
    });
  }
  const choice = await vscode.window.showQuickPick(items, { title: `Compare ${title} with…` });
  if (!choice) return undefined;
  switch (choice.source) {
    case 'response':
    case 'clipboard':
    case 'selection':
      return { kind: choice.source };
    case 'hook': {
      const other = await pickHook(deps.push.store, 'Compare with which hook?', exclude.hook);
      return other && { kind: 'hook', id: other.id };
    }
    case 'exchange': {
      const history = await deps.history.forCommand();
      const other = history && (await pickExchange(history, 'Compare with which request?', exclude.exchange));
      return other && { kind: 'exchange', id: other.id };
    }
    case 'file': {
      const files = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Compare' });
      return files?.[0] && { kind: 'file', uri: files[0] };
    }
  }
}
