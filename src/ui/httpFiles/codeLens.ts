import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { ParsedHttpFiles } from './parsedFiles';
import { requestLabel, toRange } from './ranges';

export const SEND_REQUEST_COMMAND = 'pushpull.sendHttpRequest';
export const SEND_ALL_COMMAND = 'pushpull.sendAllHttpRequests';

/** Whether the `pushpull.httpFiles.codeLens` setting shows the lenses. */
function lensesOn(): boolean {
  return vscode.workspace.getConfiguration('pushpull.httpFiles').get<unknown>('codeLens', true) !== false;
}

/**
 * **Send Request** over each request and **Send All** at the top of a `.http` file; none while the setting
 * `pushpull.httpFiles.codeLens` is off (when REST Client or httpYac shows its own, say).
 */
export class HttpCodeLenses extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly files: ParsedHttpFiles) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('pushpull.httpFiles.codeLens')) this.changed.fire();
      }),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!lensesOn()) return [];
    const { requests } = this.files.get(document);
    if (requests.length === 0) return [];
    const lenses: vscode.CodeLens[] = [];
    const top = new vscode.Range(0, 0, 0, 0);
    if (requests.length > 1) {
      lenses.push(
        new vscode.CodeLens(top, {
          title: `$(run-all) Send All (${requests.length})`,
          tooltip: 'Send every request of this file, in order',
          command: SEND_ALL_COMMAND,
          arguments: [document.uri],
        }),
      );
    }
    for (const request of requests) {
      lenses.push(
        new vscode.CodeLens(toRange(request.requestLine), {
          title: '$(send) Send Request',
          tooltip: `Send ${requestLabel(request)}`,
          command: SEND_REQUEST_COMMAND,
          arguments: [document.uri, request.index],
        }),
      );
    }
    return lenses;
  }
}
