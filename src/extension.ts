import * as path from 'node:path';
import * as vscode from 'vscode';
import { systemClock } from './core/clock';
import { LazyHttp } from './core/pull/lazyHttp';
import { ExchangeLog } from './core/store/exchangeLog';
import type { PushPullApi } from './api';
import { ListenerController } from './ui/commands/listenerCommands';
import { registerCommands } from './ui/commands/register';
import { hooksGroupBy, retentionLimits } from './ui/config';
import { HOOK_SCHEME, HookDocumentProvider } from './ui/hooksView/hookDocuments';
import { EditAndReplay } from './ui/hooksView/editReplay';
import { registerHookCommands } from './ui/hooksView/hookCommands';
import { HooksTreeProvider } from './ui/hooksView/hooksTree';
import { HooksView } from './ui/hooksView/hooksView';
import { registerPinDelete } from './ui/hooksView/pinDelete';
import { createLog } from './ui/log';
import { PushSide } from './ui/push/pushSide';
import { READ_ONLY_DOCUMENT_SCHEME, ReadOnlyDocumentProvider } from './ui/readOnlyDocumentProvider';
import { RequestPanels } from './ui/requestPanel/register';
import { SigningSecrets } from './ui/signing/secrets';
import { setSigningSecret } from './ui/signing/setSecret';
import { ListenerStatusBar } from './ui/statusBar';

/** Stops the listener and closes the store; VS Code waits for it when the window closes or reloads. */
let shutdown: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): PushPullApi {
  const started = performance.now();
  const { channel, logger } = createLog();
  const storeDir = path.join(context.globalStorageUri.fsPath, 'hooks');
  const owner = `VS Code window "${vscode.workspace.name ?? 'no folder'}"`;
  const push = new PushSide(storeDir, owner, systemClock, logger, retentionLimits);
  const exchanges = new ExchangeLog();
  const tree = new HooksTreeProvider(push, hooksGroupBy);
  const statusBar = new ListenerStatusBar(push);
  const secrets = new SigningSecrets(context.secrets);
  const control = new ListenerController(push, secrets, logger, context.workspaceState, () => statusBar.update());
  const readOnlyDocuments = new ReadOnlyDocumentProvider();
  const panels = new RequestPanels({
    extensionUri: context.extensionUri,
    http: new LazyHttp(context.asAbsolutePath('dist')),
    exchanges,
    clock: systemClock,
    documents: readOnlyDocuments,
  });
  const hooksView = new HooksView(tree, push);
  const hookDeps = {
    push,
    view: hooksView,
    compare: { push, exchanges, documents: readOnlyDocuments },
    memento: context.globalState,
    secrets,
    version: String(context.extension.packageJSON.version ?? '0.0.0'),
  };
  context.subscriptions.push(
    channel,
    { dispose: () => void push.dispose() },
    tree,
    statusBar,
    control,
    secrets,
    vscode.commands.registerCommand('pushpull.setSigningSecret', (route?: string, secret?: string) =>
      setSigningSecret(secrets, route, secret),
    ),
    panels,
    hooksView,
    hooksView.onDidChangeUnseen((count) => statusBar.setUnseen(count)),
    vscode.workspace.registerTextDocumentContentProvider(HOOK_SCHEME, new HookDocumentProvider(push)),
    vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_DOCUMENT_SCHEME, readOnlyDocuments),
    ...registerCommands({ control, push, logger, panels }),
    ...registerPinDelete(push, hooksView),
    ...registerHookCommands(hookDeps),
    new EditAndReplay(hookDeps),
  );
  shutdown = () => push.dispose();
  control.autoStart();
  const activationMs = performance.now() - started;
  logger.info(`Activated in ${activationMs.toFixed(1)} ms; hooks are kept in ${storeDir}`);
  return { push, exchanges, tree, hooksView, statusBar, panels, activationMs };
}

/** Waits until pending hooks are synced, the retention record and index are written and the store lock is released. */
export function deactivate(): Promise<void> | undefined {
  const stop = shutdown;
  shutdown = undefined;
  return stop?.();
}
