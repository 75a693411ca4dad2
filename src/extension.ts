import * as path from 'node:path';
import * as vscode from 'vscode';
import { settledWithin } from './core/boundedWait';
import { systemClock, systemTimers } from './core/clock';
import { LazyHttp } from './core/pull/lazyHttp';
import { type PushPullApi, type PushPullTestApi, readOnlyApi, testApi } from './api';
import { ListenerController } from './ui/commands/listenerCommands';
import { registerCommands } from './ui/commands/register';
import { hooksGroupBy, retentionLimits } from './ui/config';
import { HOOK_SCHEME, HookDocumentProvider } from './ui/hooksView/hookDocuments';
import { EditAndReplay } from './ui/replay/editReplay';
import { registerHookCommands } from './ui/hooksView/hookCommands';
import { HooksTreeProvider } from './ui/hooksView/hooksTree';
import { HooksView } from './ui/hooksView/hooksView';
import { registerPinDelete } from './ui/hooksView/pinDelete';
import { createLog } from './ui/log';
import { PushSide } from './core/push/session';
import { hookForwarder } from './core/relay/forward';
import { READ_ONLY_DOCUMENT_SCHEME, ReadOnlyDocumentProvider } from './ui/readOnlyDocumentProvider';
import { requestPanels } from './ui/requestPanel/wiring';
import { EnvironmentSelection } from './ui/requestPanel/environments';
import { registerHttpFiles } from './ui/httpFiles/register';
import { parseHttpFile } from './core/httpFile/parse';
import { SigningSecrets } from './ui/signing/secrets';
import { registerSigningCommands } from './ui/signing/register';
import { ListenerStatusBar } from './ui/statusBar';
import { HistoryStore } from './core/store/history';
import { registerRequestsView } from './ui/history/register';
import { createCompareUi } from './ui/compare/register';
import { WatchUi } from './ui/watch/register';
import { registerRelayCommands } from './ui/relay/commands';
import { Relays } from './ui/relay/relays';

/**
 * What `deactivate` waits for: each activation's stop (listener stopped, hooks synced, store lock released).
 * VS Code calls `deactivate` without arguments, so this set is all that activation leaves at module level.
 */
const running = new Set<() => Promise<void>>();

export function activate(context: vscode.ExtensionContext): PushPullApi | PushPullTestApi {
  const started = performance.now();
  const { channel, logger } = createLog();
  const storeDir = path.join(context.globalStorageUri.fsPath, 'hooks');
  const owner = `VS Code window "${vscode.workspace.name ?? 'no folder'}"`;
  // undici loads from its own bundle (dist/http.js) with the first request, forward or replay, not at activation.
  const http = new LazyHttp(context.asAbsolutePath('dist'));
  const forwarder = hookForwarder(() => http.get().sendExact);
  const push = new PushSide({
    location: storeDir,
    owner,
    clock: systemClock,
    logger,
    retention: retentionLimits,
    forwarder,
  });
  // The request history opens in the background; the Requests view and its commands wait for it.
  const historyDir = path.join(context.globalStorageUri.fsPath, 'history');
  const requests = registerRequestsView({
    location: historyDir,
    open: (limits) => HistoryStore.open(historyDir, { limits, logger, owner }),
    logger,
  });
  const tree = new HooksTreeProvider(push, hooksGroupBy);
  const statusBar = new ListenerStatusBar(push);
  const secrets = new SigningSecrets(context.secrets);
  const control = new ListenerController(push, secrets, logger, context.workspaceState, () => statusBar.update());
  const readOnlyDocuments = new ReadOnlyDocumentProvider();
  const environments = new EnvironmentSelection(context.workspaceState);
  const pull = requestPanels({
    context,
    environments,
    logger,
    documents: readOnlyDocuments,
    history: requests.handle.whenReady,
    http,
  });
  const { panels } = pull;
  const httpFiles = registerHttpFiles({
    environments,
    parse: parseHttpFile,
    parts: pull.parts,
    documents: readOnlyDocuments,
    panels,
    logger,
  });
  const hooksView = new HooksView(tree, push);
  const compareUi = createCompareUi(context.workspaceState);
  const hookDeps = {
    push,
    view: hooksView,
    compare: { push, history: requests.handle, documents: readOnlyDocuments, ...compareUi },
    memento: context.globalState,
    secrets,
    http,
    version: String(context.extension.packageJSON.version ?? '0.0.0'),
  };
  const watches = new WatchUi({
    folder: context.globalStorageUri.fsPath,
    history: requests.handle.whenReady,
    http,
    hooks: push.reader,
    documents: readOnlyDocuments,
    logger,
  });
  const stop = async (): Promise<void> => {
    await watches.close();
    await Promise.all([push.dispose(), requests.handle.close()]);
  };
  running.add(stop);
  context.subscriptions.push(
    channel,
    {
      dispose: () => {
        running.delete(stop);
        void stop();
      },
    },
    tree,
    statusBar,
    control,
    secrets,
    environments,
    ...pull.disposables,
    ...httpFiles.disposables,
    hooksView,
    hooksView.onDidChangeUnseen((count) => statusBar.setUnseen(count)),
    vscode.workspace.registerTextDocumentContentProvider(HOOK_SCHEME, new HookDocumentProvider(push)),
    vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_DOCUMENT_SCHEME, readOnlyDocuments),
    ...registerCommands({ control, push, logger }),
    ...registerPinDelete(push, hooksView),
    ...registerHookCommands(hookDeps),
    ...registerSigningCommands(hookDeps),
    new EditAndReplay(hookDeps),
    ...requests.start(hookDeps.compare, readOnlyDocuments),
    compareUi,
    watches,
    ...registerRelayCommands(push, new Relays(push, context.secrets, logger)),
  );
  const autoStarted = control.autoStart();
  const activationMs = performance.now() - started;
  logger.info(`Activated in ${activationMs.toFixed(1)} ms; hooks are kept in ${storeDir}`);
  // Other extensions read; PushPull's own tests (run with --extensionTestsPath) also drive and inspect.
  if (context.extensionMode !== vscode.ExtensionMode.Test) return readOnlyApi(push);
  return testApi(push, {
    tree,
    hooksView,
    statusBar,
    panels,
    activationMs,
    requests,
    listener: control,
    autoStarted,
    compare: compareUi,
    watches,
  });
}

/** Waits until pending hooks are synced, the retention record and index are written and the store lock is released. */
export function deactivate(): Promise<void> | undefined {
  if (running.size === 0) return undefined;
  const stops = [...running];
  running.clear();
  const stopped = Promise.all(stops.map((stop) => stop()));
  return settledWithin(stopped, DEACTIVATE_WAIT_MS, systemTimers).then(() => undefined);
}

/**
 * How long deactivation waits for the stores to close; VS Code ends the extension host a few seconds after it asks,
 * and a hook acknowledged before was synced already, so what a stuck close keeps waiting is only the lock file.
 */
const DEACTIVATE_WAIT_MS = 4_000;
