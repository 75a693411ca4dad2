import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExchangeHistory, ExchangeSummary } from '../../core/model/history';
import { bodySize } from '../../core/model/pulled';
import { renderBody } from '../../core/render/payload';
import { makePrivateDir, writePrivateFile } from '../../core/privateFiles';
import { formatSize } from '../hooksView/rows';
import type { ReadOnlyDocumentProvider } from '../readOnlyDocumentProvider';
import { hostAndPath } from './rows';

/** Response bodies up to this size open in an editor; larger ones are offered to save to a file. */
export const MAX_OPENED_BYTES = 50 * 1024 * 1024;

/** A title for documents and dialogs: method, host and path, cut short. */
export function exchangeTitle(summary: ExchangeSummary): string {
  return `${summary.method} ${hostAndPath(summary.url)}`.slice(0, 100);
}

/**
 * Opens the response body as a read-only document, JSON pretty-printed (in the active column unless `show` says
 * where). A body larger than MAX_OPENED_BYTES is never read into a string: the user is offered to save it (copied
 * file to file).
 */
export async function openResponse(
  history: ExchangeHistory,
  documents: ReadOnlyDocumentProvider,
  summary: ExchangeSummary,
  show: vscode.TextDocumentShowOptions = {},
): Promise<vscode.Uri | undefined> {
  const ref = await history.bodyRef(summary.id, 'decoded');
  if (!ref) {
    void vscode.window.showWarningMessage(`The response of ${exchangeTitle(summary)} is no longer kept.`);
    return undefined;
  }
  const size = bodySize(ref);
  if (size > MAX_OPENED_BYTES) {
    const choice = await vscode.window.showWarningMessage(
      `The response of ${exchangeTitle(summary)} is ${formatSize(size)}, more than PushPull opens in an editor (${formatSize(MAX_OPENED_BYTES)}). Save it to a file instead?`,
      'Save As…',
    );
    if (choice === 'Save As…') await saveResponse(history, summary);
    return undefined;
  }
  const bytes = await history.readBody(summary.id, 'decoded');
  if (!bytes) {
    void vscode.window.showWarningMessage(`The response of ${exchangeTitle(summary)} is no longer kept.`);
    return undefined;
  }
  const body = renderBody(bytes, summary.contentType);
  const uri = documents.put(`${summary.status} ${exchangeTitle(summary)}`, body.text, body.language);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: true, ...show });
  return uri;
}

/** Saves the decoded response body to a file the user picks (or `target`); a file body is copied, never read whole. */
export async function saveResponse(
  history: ExchangeHistory,
  summary: ExchangeSummary,
  target?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const ref = await history.bodyRef(summary.id, 'decoded');
  if (!ref) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const extension = /json/i.test(summary.contentType ?? '')
    ? 'json'
    : /xml/i.test(summary.contentType ?? '')
      ? 'xml'
      : 'txt';
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: `Save the response of ${exchangeTitle(summary)}`,
      defaultUri: folder ? vscode.Uri.joinPath(folder, `response-${summary.id}.${extension}`) : undefined,
    }));
  if (!uri) return undefined;
  if (uri.scheme === 'file') {
    await makePrivateDir(path.dirname(uri.fsPath));
    if (ref.kind === 'file') await fs.copyFile(ref.path, uri.fsPath);
    else await writePrivateFile(uri.fsPath, ref.bytes);
  } else {
    const bytes = ref.kind === 'memory' ? ref.bytes : await fs.readFile(ref.path);
    await vscode.workspace.fs.writeFile(uri, bytes);
  }
  vscode.window.setStatusBarMessage(`$(check) Saved ${formatSize(bodySize(ref))} to ${uri.fsPath}`, 5000);
  return uri;
}
