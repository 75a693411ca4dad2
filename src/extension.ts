import * as vscode from 'vscode';
import { systemClock } from './core/clock';
import { HookListener } from './core/hooks/listener';
import { ExchangeLog } from './core/store/exchangeLog';
import { MemoryHookStore } from './core/store/hookStore';
import { CompareDocumentProvider, COMPARE_SCHEME } from './ui/compare/compareDocuments';
import { ListenerController } from './ui/commands/listenerCommands';
import { registerCommands } from './ui/commands/register';
import { autoStartEnabled } from './ui/config';
import { HOOK_SCHEME, HookDocumentProvider } from './ui/hooksView/hookDocuments';
import { HooksTreeProvider } from './ui/hooksView/hooksTree';
import { createLog } from './ui/log';
import { LazyHttp } from './ui/requestPanel/lazyHttp';
import { RequestPanels } from './ui/requestPanel/register';
import { ListenerStatusBar } from './ui/statusBar';
import type { PushPullApi } from './api';

export function activate(context: vscode.ExtensionContext): PushPullApi {
  const started = performance.now();
  const { channel, logger } = createLog();
  const store = new MemoryHookStore();
  const exchanges = new ExchangeLog();
  const listener = new HookListener(store, systemClock, logger);
  const tree = new HooksTreeProvider(store, listener);
  const statusBar = new ListenerStatusBar(listener, store);
  const control = new ListenerController(listener, logger, context.globalState, () => statusBar.update());
  const compareDocuments = new CompareDocumentProvider();
  const panels = new RequestPanels({
    extensionUri: context.extensionUri,
    http: new LazyHttp(context.asAbsolutePath('dist')),
    exchanges,
    clock: systemClock,
  });
  const view = vscode.window.createTreeView('pushpull.hooks', { treeDataProvider: tree, showCollapseAll: false });
  context.subscriptions.push(
    channel,
    { dispose: () => listener.dispose() },
    tree,
    statusBar,
    control,
    panels,
    view,
    vscode.workspace.registerTextDocumentContentProvider(HOOK_SCHEME, new HookDocumentProvider(store)),
    vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, compareDocuments),
    ...registerCommands({ control, store, panels, compare: { store, exchanges, documents: compareDocuments } }),
  );
  if (autoStartEnabled()) void control.start();
  const activationMs = performance.now() - started;
  logger.info(`Activated in ${activationMs.toFixed(1)} ms`);
  return { listener, store, exchanges, tree, statusBar, panels, activationMs };
}

export function deactivate(): void {}
