import * as fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import * as vscode from 'vscode';
import type { ExchangeHistory, ExchangeSummary } from '../../core/model/history';
import { bodySize } from '../../core/model/pulled';
import { renderBody } from '../../core/render/payload';
import { PRIVATE_FILE } from '../../core/privateFiles';
import type { ReadOnlyDocumentProvider } from '../readOnlyDocumentProvider';

/** Largest body opened in an editor; a larger one is offered to be saved to a file instead. */
export const MAX_OPEN_BYTES = 50 * 1024 * 1024;
/** Largest body copied to the clipboard. */
export const MAX_COPY_BYTES = 10 * 1024 * 1024;

/** Dialogs the panel asks: replaceable so PushPull's own tests can answer them. */
export interface PanelDialogs {
  saveTarget(defaultName: string): Promise<vscode.Uri | undefined>;
  pickFile(purpose: 'binary' | 'multipart'): Promise<vscode.Uri | undefined>;
}

export const systemDialogs: PanelDialogs = {
  async saveTarget(defaultName) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    return vscode.window.showSaveDialog({
      title: 'Save the response body',
      defaultUri: folder ? vscode.Uri.joinPath(folder, defaultName) : undefined,
    });
  },
  async pickFile(purpose) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: purpose === 'binary' ? 'Send This File' : 'Attach',
    });
    return picked?.[0];
  },
};

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A file name for a body: the URL's last path segment, or `response`, with nothing a file system dislikes. */
export function bodyFileName(summary: ExchangeSummary): string {
  let last: string;
  try {
    last = decodeURIComponent(new URL(summary.url).pathname.split('/').filter(Boolean).at(-1) ?? '');
  } catch {
    last = '';
  }
  const safe = last.replace(/[^\w.-]+/g, '_').slice(0, 100);
  return safe && safe !== '.' && safe !== '..' ? safe : 'response';
}

/** Open, save and copy of a kept response body, read from the history (a big body from its file, in a stream). */
export class ResponseActions {
  constructor(
    private readonly history: () => Promise<ExchangeHistory>,
    private readonly documents: ReadOnlyDocumentProvider,
    private readonly dialogs: () => PanelDialogs,
  ) {}

  /** Opens the whole body read-only in an editor; resolves with a notice for the page, or undefined. */
  async open(id: string): Promise<string | undefined> {
    const history = await this.history();
    const summary = history.summary(id);
    const ref = await history.bodyRef(id);
    if (!summary || !ref) return 'That response is no longer in the history.';
    const size = bodySize(ref);
    if (size > MAX_OPEN_BYTES) {
      const choice = await vscode.window.showWarningMessage(
        `The body is ${megabytes(size)}, more than an editor opens well (${megabytes(MAX_OPEN_BYTES)}). Save it to a file instead?`,
        'Save to File…',
      );
      return choice ? this.save(id) : undefined;
    }
    const bytes = (await history.readBody(id)) ?? new Uint8Array();
    const body = renderBody(bytes, summary.contentType);
    const title = `${summary.method} ${summary.url} → ${summary.status}`;
    const uri = this.documents.put(title, body.text, body.language);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    return undefined;
  }

  /** Saves the body (as decoded) where the user says, streaming a body kept in a file. */
  async save(id: string): Promise<string | undefined> {
    const history = await this.history();
    const summary = history.summary(id);
    const ref = await history.bodyRef(id);
    if (!summary || !ref) return 'That response is no longer in the history.';
    const target = await this.dialogs().saveTarget(bodyFileName(summary));
    if (!target) return undefined;
    const out = fs.createWriteStream(target.fsPath, { mode: PRIVATE_FILE });
    if (ref.kind === 'file') await pipeline(fs.createReadStream(ref.path), out);
    else await pipeline([Buffer.from(ref.bytes)], out);
    return `Saved ${bodySize(ref)} bytes to ${target.fsPath}`;
  }

  /** Copies the body as text, unless it is too big for the clipboard. */
  async copy(id: string): Promise<string> {
    const history = await this.history();
    const ref = await history.bodyRef(id);
    if (!ref) return 'That response is no longer in the history.';
    const size = bodySize(ref);
    if (size > MAX_COPY_BYTES) {
      return `The body is ${megabytes(size)}, too big to copy (at most ${megabytes(MAX_COPY_BYTES)}): use Save instead.`;
    }
    const bytes = (await history.readBody(id, 'decoded', MAX_COPY_BYTES)) ?? new Uint8Array();
    await vscode.env.clipboard.writeText(new TextDecoder('utf-8').decode(bytes));
    return `Copied ${size} bytes.`;
  }
}
