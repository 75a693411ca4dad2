import * as vscode from 'vscode';
import type { CapturedHook } from '../../core/hooks/capture';
import type { HookStore } from '../../core/store/hookStore';
import { renderHookDocument } from '../../core/render/hookDocument';

export const HOOK_SCHEME = 'pushpull-hook';

/** `pushpull-hook:/<id>/<METHOD> <path>`: the id first, the rest only for the tab title. */
export function hookUri(hook: CapturedHook): vscode.Uri {
  const title = `${hook.method} ${hook.path}`.replace(/[/\\]/g, '_').slice(0, 80);
  return vscode.Uri.from({ scheme: HOOK_SCHEME, path: `/${hook.id}/${title}` });
}

export function hookIdOf(uri: vscode.Uri): string {
  return uri.path.split('/')[1] ?? '';
}

/** Serves hooks as read-only documents. */
export class HookDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly store: HookStore) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const hook = this.store.get(hookIdOf(uri));
    if (!hook) return `This hook is no longer stored (id ${hookIdOf(uri)}).\n`;
    return renderHookDocument(hook);
  }
}

export async function openHook(hook: CapturedHook): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(hookUri(hook));
  return vscode.window.showTextDocument(document, { preview: true });
}
