import * as vscode from 'vscode';
import type { HookMeta } from '../../core/hooks/capture';
import { renderHookDocument } from '../../core/render/hookDocument';
import type { PushSide } from '../push/pushSide';

export const HOOK_SCHEME = 'pushpull-hook';

/** `pushpull-hook:/<id>/<METHOD> <path>`: the id first, the rest only for the tab title. */
export function hookUri(hook: HookMeta): vscode.Uri {
  const title = `${hook.method} ${hook.path}`.replace(/[/\\]/g, '_').slice(0, 80);
  return vscode.Uri.from({ scheme: HOOK_SCHEME, path: `/${hook.id}/${title}` });
}

export function hookIdOf(uri: vscode.Uri): string {
  return uri.path.split('/')[1] ?? '';
}

/** Serves hooks as read-only documents. */
export class HookDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly push: PushSide) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    await this.push.ready();
    const store = this.push.store;
    const hook = store.get(hookIdOf(uri));
    const body = hook && (await store.readBody(hook.id));
    if (!hook || !body) return `This hook is no longer stored (id ${hookIdOf(uri)}).\n`;
    return renderHookDocument(hook, body);
  }
}

export async function openHook(hook: HookMeta): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(hookUri(hook));
  return vscode.window.showTextDocument(document, { preview: true });
}
