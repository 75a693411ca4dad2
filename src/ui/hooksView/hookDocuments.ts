import * as vscode from 'vscode';
import type { HookMeta } from '../../core/model/hook';
import { hookDocumentExtension, renderHookDocument } from '../../core/render/hookDocument';
import type { PushSide } from '../../core/push/session';

export const HOOK_SCHEME = 'pushpull-hook';

/**
 * `pushpull-hook:/<id>/<METHOD> <path>.<ext>`: the id first; the rest is the tab title, and its extension
 * gives the document the language of the body (JSON, XML, form, text).
 */
export function hookUri(hook: HookMeta): vscode.Uri {
  // U+2215 (division slash) looks like "/" in the tab title without starting a new path segment.
  const title = `${hook.method} ${hook.path}`.replace(/[/\\]/g, '\u2215').slice(0, 80);
  return vscode.Uri.from({ scheme: HOOK_SCHEME, path: `/${hook.id}/${title}${hookDocumentExtension(hook)}` });
}

/** `pushpull-hook:/<id>/raw/<METHOD> <path>.txt`: the body as it came, unformatted. */
export function rawBodyUri(hook: HookMeta): vscode.Uri {
  const title = `${hook.method} ${hook.path} (raw)`.replace(/[/\\]/g, '\u2215').slice(0, 80);
  return vscode.Uri.from({ scheme: HOOK_SCHEME, path: `/${hook.id}/raw/${title}.txt` });
}

export function hookIdOf(uri: vscode.Uri): string {
  return uri.path.split('/')[1] ?? '';
}

/** Raw bodies show at most this much; Save Body As… writes all of it. */
const MAX_RAW_BYTES = 5 * 1024 * 1024;

/** Serves hooks as read-only documents. */
export class HookDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly push: PushSide) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    await this.push.ready();
    const store = this.push.store;
    const hook = store.get(hookIdOf(uri));
    const body = hook && (await store.readBody(hook.id));
    if (!hook || !body) return `This hook is no longer stored (id ${hookIdOf(uri)}).\n`;
    if (uri.path.split('/')[2] === 'raw') return rawText(body);
    return renderHookDocument(hook, body).text;
  }
}

export async function openHook(hook: HookMeta): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(hookUri(hook));
  return vscode.window.showTextDocument(document, { preview: true });
}

/** The body bytes as text; binary bytes show as U+FFFD, and very large bodies are cut with a note. */
function rawText(body: Uint8Array): string {
  const shown = body.subarray(0, MAX_RAW_BYTES);
  const text = new TextDecoder('utf-8').decode(shown);
  return body.length > shown.length
    ? `${text}\n\n[${body.length - shown.length} more bytes: use Save Body As… for all of it]\n`
    : text;
}
