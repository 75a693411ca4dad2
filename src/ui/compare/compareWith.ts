import * as vscode from 'vscode';
import { comparableBody } from '../../core/compare/body';
import type { HookMeta } from '../../core/model/hook';
import type { ExchangeSummary } from '../../core/model/history';
import { headerValue } from '../../core/model/headers';
import type { ExchangeLog } from '../../core/store/exchangeLog';
import type { HookStore } from '../../core/model/hookStore';
import type { PushSide } from '../../core/push/session';
import type { ReadOnlyDocumentProvider } from '../readOnlyDocumentProvider';
import type { HistoryHandle } from '../history/historyHandle';
import { hostAndPath } from '../history/rows';
import { hookInMessage } from '../messageText';
import { exchangeSide, pickExchange, type Side } from './exchangeSide';

/** What a hook or a request can be compared with. Also accepted as the command's second argument. */
export type CompareSource =
  | { readonly kind: 'response' }
  | { readonly kind: 'exchange'; readonly id: string }
  | { readonly kind: 'hook'; readonly id: string }
  | { readonly kind: 'file'; readonly uri: vscode.Uri }
  | { readonly kind: 'clipboard' };

export interface CompareDeps {
  readonly push: PushSide;
  /** The request history: "pull" data, across reloads. */
  readonly history: HistoryHandle;
  /** Responses the panel keeps in memory, offered while the history has none. */
  readonly exchanges: ExchangeLog;
  readonly documents: ReadOnlyDocumentProvider;
}

/** Compare With… on a hook: asks for what is missing, normalises both sides and opens VS Code's diff. */
export async function compareWith(deps: CompareDeps, target?: HookMeta, other?: CompareSource): Promise<boolean> {
  await deps.push.ready();
  const store = deps.push.store;
  const hook = target ?? (await pickHook(store, 'Compare which hook?'));
  if (!hook) return false;
  const source = other ?? (await pickSource(deps, `${hook.method} ${hook.path}`, { hook: hook.id }));
  if (!source) return false;
  const right = await sideOf(deps, store, source);
  if (!right) return false;
  const left = await hookSide(store, hook);
  return left !== undefined && openDiff(deps, left, right);
}

/** Compare With… on a request of the Requests view: its response against a hook, another response, a file… */
export async function compareExchangeWith(
  deps: CompareDeps,
  exchange: ExchangeSummary,
  other?: CompareSource,
): Promise<boolean> {
  await deps.push.ready();
  const history = await deps.history.forCommand();
  if (!history) return false;
  const title = `${exchange.method} ${hostAndPath(exchange.url)}`;
  const source = other ?? (await pickSource(deps, title, { exchange: exchange.id }));
  if (!source) return false;
  const right = await sideOf(deps, deps.push.store, source);
  if (!right) return false;
  const left = await exchangeSide(history, exchange);
  return left !== undefined && openDiff(deps, left, right);
}

async function openDiff(deps: CompareDeps, left: Side, right: Side): Promise<boolean> {
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
  const body = comparableBody(bytes, headerValue(hook, 'content-type'));
  return { title: `${hook.method} ${hook.path} (push)`, text: body.text, language: body.language };
}

/** The newest exchange of the history (once it is open), if it holds one. */
async function latestExchange(deps: CompareDeps): Promise<ExchangeSummary | undefined> {
  return (await deps.history.ready())?.newest(1)[0];
}

async function sideOf(deps: CompareDeps, store: HookStore, source: CompareSource): Promise<Side | undefined> {
  switch (source.kind) {
    case 'response': {
      const latest = await latestExchange(deps);
      const history = deps.history.history;
      if (latest && history) return exchangeSide(history, latest);
      const exchange = deps.exchanges.latest();
      if (!exchange) {
        void vscode.window.showWarningMessage('No response yet: send a request from the Request Panel first.');
        return undefined;
      }
      const body = comparableBody(exchange.response.body, headerValue(exchange.response, 'content-type'));
      return {
        title: `${exchange.request.method} ${exchange.request.url} (pull)`,
        text: body.text,
        language: body.language,
      };
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
    case 'clipboard': {
      const text = await vscode.env.clipboard.readText();
      const body = comparableBody(Buffer.from(text), undefined);
      return { title: 'Clipboard', text: body.text, language: body.language };
    }
    case 'file': {
      const bytes = await vscode.workspace.fs.readFile(source.uri);
      const body = comparableBody(bytes, source.uri.path.endsWith('.json') ? 'application/json' : undefined);
      return { title: source.uri.path.split('/').pop() ?? 'file', text: body.text, language: body.language };
    }
  }
}

async function pickSource(
  deps: CompareDeps,
  title: string,
  exclude: { readonly hook?: string; readonly exchange?: string },
): Promise<CompareSource | undefined> {
  const latest = await latestExchange(deps);
  const inMemory = deps.exchanges.latest();
  type Item = vscode.QuickPickItem & { source: 'response' | 'exchange' | 'hook' | 'file' | 'clipboard' };
  const items: Item[] = [
    {
      label: '$(cloud-download) Latest response',
      description: latest
        ? `${latest.method} ${hostAndPath(latest.url)}`
        : inMemory
          ? `${inMemory.request.method} ${inMemory.request.url}`
          : 'none yet',
      source: 'response',
    },
    { label: '$(history) Another request from the history…', source: 'exchange' },
    { label: '$(radio-tower) A hook…', source: 'hook' },
    { label: '$(file) A file…', source: 'file' },
    { label: '$(clippy) The clipboard', source: 'clipboard' },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: `Compare ${title} with…` });
  if (!choice) return undefined;
  if (choice.source === 'response') return { kind: 'response' };
  if (choice.source === 'clipboard') return { kind: 'clipboard' };
  if (choice.source === 'hook') {
    const other = await pickHook(deps.push.store, 'Compare with which hook?', exclude.hook);
    return other && { kind: 'hook', id: other.id };
  }
  if (choice.source === 'exchange') {
    const history = await deps.history.forCommand();
    const other = history && (await pickExchange(history, 'Compare with which request?', exclude.exchange));
    return other && { kind: 'exchange', id: other.id };
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
