import * as vscode from 'vscode';
import type { HookMeta } from '../../core/model/hook';
import { headerValue } from '../../core/model/headers';
import { type BodyLanguage, renderBody } from '../../core/render/payload';
import type { ExchangeLog } from '../../core/store/exchangeLog';
import type { HookStore } from '../../core/model/hookStore';
import type { PushSide } from '../../core/push/session';
import type { ReadOnlyDocumentProvider } from '../readOnlyDocumentProvider';
import { hookInMessage } from '../messageText';

/** What a hook can be compared with. Also accepted as the command's second argument. */
export type CompareSource =
  | { readonly kind: 'response' }
  | { readonly kind: 'hook'; readonly id: string }
  | { readonly kind: 'file'; readonly uri: vscode.Uri }
  | { readonly kind: 'clipboard' };

interface Side {
  readonly title: string;
  readonly text: string;
  readonly language: BodyLanguage;
}

export interface CompareDeps {
  readonly push: PushSide;
  readonly exchanges: ExchangeLog;
  readonly documents: ReadOnlyDocumentProvider;
}

/** Compare With…: asks for what is missing, normalises both sides and opens VS Code's diff. */
export async function compareWith(deps: CompareDeps, target?: HookMeta, other?: CompareSource): Promise<boolean> {
  await deps.push.ready();
  const store = deps.push.store;
  const hook = target ?? (await pickHook(store, 'Compare which hook?'));
  if (!hook) return false;
  const source = other ?? (await pickSource(deps, store, hook));
  if (!source) return false;
  const right = await sideOf(deps, store, source);
  if (!right) return false;
  const left = await hookSide(store, hook);
  if (!left) return false;
  const leftUri = deps.documents.put(left.title, left.text, left.language);
  const rightUri = deps.documents.put(right.title, right.text, right.language);
  await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, `${left.title} ↔ ${right.title}`, {
    preview: true,
  });
  return true;
}

async function hookSide(store: HookStore, hook: HookMeta): Promise<Side | undefined> {
  const bytes = await store.readBody(hook.id);
  if (!bytes) {
    void vscode.window.showWarningMessage(`${hookInMessage(hook)} is no longer stored.`);
    return undefined;
  }
  const body = renderBody(bytes, headerValue(hook, 'content-type'), { sortKeys: true });
  return { title: `${hook.method} ${hook.path} (push)`, text: body.text, language: body.language };
}

async function sideOf(deps: CompareDeps, store: HookStore, source: CompareSource): Promise<Side | undefined> {
  switch (source.kind) {
    case 'response': {
      const exchange = deps.exchanges.latest();
      if (!exchange) {
        void vscode.window.showWarningMessage('No response yet: send a request from the Request Panel first.');
        return undefined;
      }
      const body = renderBody(exchange.response.body, headerValue(exchange.response, 'content-type'), {
        sortKeys: true,
      });
      return {
        title: `${exchange.request.method} ${exchange.request.url} (pull)`,
        text: body.text,
        language: body.language,
      };
    }
    case 'hook': {
      const other = store.get(source.id);
      if (!other) {
        void vscode.window.showWarningMessage('That hook is no longer stored.');
        return undefined;
      }
      return hookSide(store, other);
    }
    case 'clipboard': {
      const text = await vscode.env.clipboard.readText();
      const body = renderBody(Buffer.from(text), undefined, { sortKeys: true });
      return { title: 'Clipboard', text: body.text, language: body.language };
    }
    case 'file': {
      const bytes = await vscode.workspace.fs.readFile(source.uri);
      const body = renderBody(bytes, source.uri.path.endsWith('.json') ? 'application/json' : undefined, {
        sortKeys: true,
      });
      return { title: source.uri.path.split('/').pop() ?? 'file', text: body.text, language: body.language };
    }
  }
}

async function pickSource(deps: CompareDeps, store: HookStore, hook: HookMeta): Promise<CompareSource | undefined> {
  const latest = deps.exchanges.latest();
  type Item = vscode.QuickPickItem & { source: 'response' | 'hook' | 'file' | 'clipboard' };
  const items: Item[] = [
    {
      label: '$(cloud-download) Latest response',
      description: latest ? `${latest.request.method} ${latest.request.url}` : 'none yet',
      source: 'response',
    },
    { label: '$(radio-tower) Another hook…', source: 'hook' },
    { label: '$(file) A file…', source: 'file' },
    { label: '$(clippy) The clipboard', source: 'clipboard' },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: `Compare ${hook.method} ${hook.path} with…` });
  if (!choice) return undefined;
  if (choice.source === 'response') return { kind: 'response' };
  if (choice.source === 'clipboard') return { kind: 'clipboard' };
  if (choice.source === 'hook') {
    const other = await pickHook(store, 'Compare with which hook?', hook.id);
    return other && { kind: 'hook', id: other.id };
  }
  const files = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Compare' });
  return files?.[0] && { kind: 'file', uri: files[0] };
}

async function pickHook(store: HookStore, title: string, exclude?: string): Promise<HookMeta | undefined> {
  const hooks = store
    .newest(501)
    .filter((h) => h.id !== exclude)
    .slice(0, 500);
  if (hooks.length === 0) {
    void vscode.window.showInformationMessage('No webhooks received yet: start the listener and send one first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    hooks.map((hook) => ({
      label: `${hook.method} ${hook.path}`,
      description: new Date(hook.receivedAt).toLocaleTimeString(),
      hook,
    })),
    { title, matchOnDescription: true },
  );
  return picked?.hook;
}
