import * as vscode from 'vscode';
import { headerValue } from '../../core/model/headers';
import type { HookMeta } from '../../core/model/hook';
import type { HookStore } from '../../core/model/hookStore';
import type { ComparedPayload } from '../../core/compare/types';
import { formatSize } from '../hooksView/rows';
import { hookInMessage, plainInMessage } from '../messageText';

/** Payloads larger than this are not compared: the diff editor would hold both in memory. */
export const MAX_COMPARED_BYTES = 50 * 1024 * 1024;

/** One side of a comparison: its payload, the title of its tab, and the key its options are remembered under. */
export interface PayloadSide {
  readonly title: string;
  readonly payload: ComparedPayload;
  /** `route:github`, `request:getIssue`…; undefined for the clipboard and a selection (nothing to remember). */
  readonly rememberAs?: string;
}

/** The key a hook's compare options are remembered under: its route's name, else its path. */
export function hookKey(hook: Pick<HookMeta, 'route' | 'path'>): string {
  return hook.route ? `route:${hook.route}` : `path:${hook.path}`;
}

/** A stored hook's body as one side; a warning says why when it cannot be. */
export async function hookSide(store: HookStore, hook: HookMeta): Promise<PayloadSide | undefined> {
  if (hook.bodySize > MAX_COMPARED_BYTES) {
    void vscode.window.showWarningMessage(
      `${hookInMessage(hook)} has ${formatSize(hook.bodySize)}, more than PushPull compares (${formatSize(MAX_COMPARED_BYTES)}).`,
    );
    return undefined;
  }
  const bytes = await store.readBody(hook.id);
  if (!bytes) {
    void vscode.window.showWarningMessage(`${hookInMessage(hook)} is no longer stored.`);
    return undefined;
  }
  return {
    title: `${hook.method} ${hook.path} (push)`.slice(0, 100),
    payload: { bytes, contentType: headerValue(hook, 'content-type') },
    rememberAs: hookKey(hook),
  };
}

/** What is on the clipboard, read as JSON when it is JSON. */
export async function clipboardSide(): Promise<PayloadSide> {
  const text = await vscode.env.clipboard.readText();
  return { title: 'Clipboard', payload: { bytes: Buffer.from(text), contentType: sniffedType(text) } };
}

/** The active editor's selection, or its whole text when nothing is selected. */
export function selectionSide(): PayloadSide | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage('Open a file and select the text to compare first.');
    return undefined;
  }
  const selection = editor.selection;
  const whole = selection.isEmpty;
  const text = editor.document.getText(whole ? undefined : selection);
  const name = editor.document.uri.path.split('/').pop() ?? 'editor';
  return {
    title: whole ? name : `${name} (selection)`,
    payload: { bytes: Buffer.from(text), contentType: sniffedType(text, editor.document.languageId) },
  };
}

/** A file's bytes; JSON when its name or first character says so. */
export async function fileSide(uri: vscode.Uri): Promise<PayloadSide | undefined> {
  const name = uri.path.split('/').pop() ?? 'file';
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_COMPARED_BYTES) {
    void vscode.window.showWarningMessage(
      plainInMessage(`${name} has ${formatSize(stat.size)}, more than PushPull compares.`),
    );
    return undefined;
  }
  const bytes = await vscode.workspace.fs.readFile(uri);
  const json = /\.json$/i.test(name) || /^\s*[[{]/.test(Buffer.from(bytes.subarray(0, 64)).toString('utf8'));
  return {
    title: name,
    payload: { bytes, contentType: json ? 'application/json' : undefined },
    rememberAs: `file:${name}`,
  };
}

function sniffedType(text: string, languageId?: string): string | undefined {
  if (languageId === 'json' || languageId === 'jsonc' || /^\s*[[{]/.test(text.slice(0, 64))) return 'application/json';
  if (languageId === 'xml' || /^\s*</.test(text.slice(0, 64))) return 'application/xml';
  return undefined;
}
