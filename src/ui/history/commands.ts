import * as path from 'node:path';
import * as vscode from 'vscode';
import { exchangeToCurl } from '../../core/export/exchangeCurl';
import { exchangeToHttp } from '../../core/export/exchangeHttp';
import type { ExchangeHistory, ExchangeSummary } from '../../core/model/history';
import { makePrivateDir, writePrivateFile } from '../../core/privateFiles';
import { compareExchangeWith, type CompareDeps } from '../compare/compareWith';
import type { ReadOnlyDocumentProvider } from '../readOnlyDocumentProvider';
import type { HistoryHandle } from './historyHandle';
import type { HistoryView } from './historyView';
import { exchangeTitle, openResponse } from './responseDocument';
import { targetExchange, targetExchanges } from './selected';
import { keepForUndo, offerUndo } from './undoDelete';

/**
 * The questions the commands ask in modal dialogs. Extension tests cannot answer a dialog (VS Code refuses to show
 * one to them), so they queue the answer here; a person answers the real dialog.
 */
export class HistoryPrompts {
  private readonly answers: Array<string | undefined> = [];

  /** Answers the next modal question with `answer` (a button's title, or undefined for Cancel). */
  answerNext(answer: string | undefined): void {
    this.answers.push(answer);
  }

  async confirm(message: string, button: string): Promise<boolean> {
    const answer =
      this.answers.length > 0
        ? this.answers.shift()
        : await vscode.window.showWarningMessage(message, { modal: true }, button);
    return answer === button;
  }
}

export interface HistoryCommandDeps {
  readonly handle: HistoryHandle;
  readonly view: HistoryView;
  readonly documents: ReadOnlyDocumentProvider;
  readonly compare: CompareDeps;
  readonly prompts: HistoryPrompts;
}

type Action = (history: ExchangeHistory, exchange: ExchangeSummary, arg?: unknown) => Promise<unknown>;

/** Registers the per-request actions of the Requests view (context menu, inline, palette and keyboard). */
export function registerHistoryCommands(deps: HistoryCommandDeps): vscode.Disposable[] {
  const { handle, view } = deps;
  /** Commands take (clicked or focused row, selected rows, …arguments for automation). */
  const one =
    (action: Action) =>
    async (node?: unknown, nodes?: unknown, arg?: unknown): Promise<unknown> => {
      const history = await handle.forCommand();
      if (!history) return undefined;
      const exchange = targetExchange(history, view.view.selection, node, nodes);
      return exchange && action(history, exchange, arg);
    };
  const pin = (pinned: boolean) => async (node?: unknown, nodes?: unknown) => {
    const history = await handle.forCommand();
    if (!history) return 0;
    const exchanges = targetExchanges(history, view.view.selection, node, nodes);
    await history.setPinned(
      exchanges.map((e) => e.id),
      pinned,
    );
    return exchanges.length;
  };
  return [
    vscode.commands.registerCommand(
      'pushpull.openExchangeResponse',
      one((history, exchange) => openResponse(history, deps.documents, exchange)),
    ),
    vscode.commands.registerCommand(
      'pushpull.openExchangeInPanel',
      one(async (_history, exchange) =>
        vscode.commands.executeCommand('pushpull.openRequestPanel', { exchangeId: exchange.id }),
      ),
    ),
    vscode.commands.registerCommand('pushpull.copyExchangeAsCurl', one(copyAsCurl)),
    vscode.commands.registerCommand('pushpull.saveExchangeAsHttp', one(saveAsHttp)),
    vscode.commands.registerCommand(
      'pushpull.compareExchangeWith',
      one((_history, exchange, other) => compareExchangeWith(deps.compare, exchange, other as never)),
    ),
    vscode.commands.registerCommand('pushpull.pinExchange', pin(true)),
    vscode.commands.registerCommand('pushpull.unpinExchange', pin(false)),
    vscode.commands.registerCommand('pushpull.deleteExchange', async (node?: unknown, nodes?: unknown) => {
      const history = await handle.forCommand();
      if (!history) return 0;
      const exchanges = targetExchanges(history, view.view.selection, node, nodes);
      if (exchanges.length === 0) return 0;
      if (
        exchanges.length > 1 &&
        !(await deps.prompts.confirm(
          `Delete ${exchanges.length} requests and their responses from the history?`,
          'Delete',
        ))
      ) {
        return 0;
      }
      const kept = await keepForUndo(history, exchanges);
      await history.delete(exchanges.map((e) => e.id));
      // Not awaited: the message may stay open; the command is done once the requests are deleted.
      void offerUndo(exchanges.length, kept, () => handle.forCommand());
      return exchanges.length;
    }),
    vscode.commands.registerCommand('pushpull.clearHistory', async () => {
      const history = await handle.forCommand();
      if (!history) return false;
      const count = history.size.exchanges;
      const pinned = history.list().filter((e) => e.pinned).length;
      const asked = `Delete all ${count} requests and their responses from the history${pinned > 0 ? `, pinned ones too` : ''}? This cannot be undone.`;
      if (!(await deps.prompts.confirm(asked, 'Clear History'))) return false;
      await history.clear();
      return true;
    }),
  ];
}

async function copyAsCurl(history: ExchangeHistory, summary: ExchangeSummary): Promise<string | undefined> {
  const exchange = await history.get(summary.id);
  if (!exchange) {
    void vscode.window.showWarningMessage(`${exchangeTitle(summary)} is no longer kept.`);
    return undefined;
  }
  const text = exchangeToCurl(exchange);
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage('$(check) Copied the cURL command', 3000);
  return text;
}

/**
 * Saves the request as a `.http` file the user picks (or `given`); a body a `.http` file cannot hold as text is
 * written beside it and referenced, so nothing is lost.
 */
async function saveAsHttp(
  history: ExchangeHistory,
  summary: ExchangeSummary,
  given?: unknown,
): Promise<vscode.Uri | undefined> {
  const exchange = await history.get(summary.id);
  if (!exchange) {
    void vscode.window.showWarningMessage(`${exchangeTitle(summary)} is no longer kept.`);
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const stem = `${summary.method.toLowerCase()}-${summary.host || 'request'}`
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 80);
  const target =
    given instanceof vscode.Uri
      ? given
      : await vscode.window.showSaveDialog({
          title: `Save ${exchangeTitle(summary)} as a .http request`,
          defaultUri: folder ? vscode.Uri.joinPath(folder, `${stem}.http`) : undefined,
          filters: { 'HTTP request': ['http', 'rest'] },
        });
  if (!target) return undefined;
  const bodyName = `${path.basename(target.path).replace(/\.[^.]*$/, '')}.body`;
  const text = exchangeToHttp(exchange, { name: bodyName });
  const bodyUsed = text.includes(`\n< ./${bodyName}\n`);
  const write = async (uri: vscode.Uri, data: Uint8Array): Promise<void> => {
    if (uri.scheme !== 'file') return vscode.workspace.fs.writeFile(uri, data);
    await makePrivateDir(path.dirname(uri.fsPath));
    await writePrivateFile(uri.fsPath, data);
  };
  if (bodyUsed && exchange.request.body.kind === 'bytes') {
    await write(vscode.Uri.joinPath(target, '..', bodyName), exchange.request.body.bytes);
  }
  await write(target, Buffer.from(text));
  vscode.window.setStatusBarMessage(`$(check) Saved ${exchangeTitle(summary)} to ${target.fsPath}`, 5000);
  return target;
}
