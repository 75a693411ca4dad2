import * as path from 'node:path';
import * as vscode from 'vscode';
import { systemClock } from './core/clock';
import { ExchangeLog } from './core/store/exchangeLog';
import type { PushPullApi } from './api';
import { CompareDocumentProvider, COMPARE_SCHEME } from './ui/compare/compareDocuments';
import { ListenerController } from './ui/commands/listenerCommands';
import { registerCommands } from './ui/commands/register';
import { autoStartEnabled } from './ui/config';
import { HOOK_SCHEME, HookDocumentProvider } from './ui/hooksView/hookDocuments';
import { HooksTreeProvider } from './ui/hooksView/hooksTree';
import { createLog } from './ui/log';
import { PushSide } from './ui/push/pushSide';
import { LazyHttp } from './ui/requestPanel/lazyHttp';
import { RequestPanels } from './ui/requestPanel/register';
import { ListenerStatusBar } from './ui/statusBar';

export function activate(context: vscode.ExtensionContext): PushPullApi {
  const started = performance.now();
  const { channel, logger } = createLog();
  const storeDir = path.join(context.globalStorageUri.fsPath, 'hooks');
  const owner = `VS Code window "${vscode.workspace.name ?? 'no folder'}"`;
  const push = new PushSide(storeDir, owner, systemClock, logger);
  const exchanges = new ExchangeLog();
  const tree = new HooksTreeProvider(push);
  const statusBar = new ListenerStatusBar(push);
  const control = new ListenerController(push, logger, context.globalState, () => statusBar.update());
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
    { dispose: () => void push.dispose() },
    tree,
    statusBar,
    control,
    panels,
    view,
    vscode.workspace.registerTextDocumentContentProvider(HOOK_SCHEME, new HookDocumentProvider(push)),
    vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, compareDocuments),
    ...registerCommands({ control, push, logger, panels, compare: { push, exchanges, documents: compareDocuments } }),
  );
  if (autoStartEnabled()) void control.start();
  const activationMs = performance.now() - started;
  logger.info(`Activated in ${activationMs.toFixed(1)} ms; hooks are kept in ${storeDir}`);
  return { push, exchanges, tree, statusBar, panels, activationMs };
}

export function deactivate(): void {}
