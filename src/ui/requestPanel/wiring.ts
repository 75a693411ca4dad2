import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/clock';
import { systemClock } from '../../core/clock';
import type { ConnectionPool, CookieJarFile } from '../../core/http';
import type { PullOptions } from '../../core/http/options';
import { bodySize } from '../../core/model/pulled';
import type { ExchangeHistory } from '../../core/model/history';
import type { HttpLoader } from '../../core/pull/lazyHttp';
import { removeSpilled } from '../../core/pull/session';
import type { ReadOnlyDocumentProvider } from '../readOnlyDocumentProvider';
import { registerRequestCommands } from './commands';
import { coreDraftTools } from './coreDraftTools';
import type { EditorSessionParts } from './editorSession';
import type { EnvironmentSelection } from './environments';
import { RequestPanels } from './register';
import { RequestSecrets } from './requestSecrets';
import { panelSendOptions, type SendResources } from './senderOptions';

export interface RequestPanelWiring {
  readonly context: vscode.ExtensionContext;
  readonly logger: Logger;
  readonly documents: ReadOnlyDocumentProvider;
  /** The history once open, with the folder the sender spills big bodies into (inside it, on the same disk). */
  readonly history: () => Promise<ExchangeHistory & { readonly spillDir: string }>;
  /** The sender's bundle, loaded with the first request. */
  readonly http: HttpLoader;
  /** The environments and the one picked in this workspace. */
  readonly environments: EnvironmentSelection;
}

/** Most bytes of an OAuth 2.0 token answer read (core/pull reads at most 1 MiB of it). */
const TOKEN_ANSWER_BYTES = 1024 * 1024 + 1;

/** The request panels, their secrets and commands, on the pull sender, the history and core/pull's draft logic. */
export function requestPanels(wiring: RequestPanelWiring): {
  panels: RequestPanels;
  /** The sender, its options and the history, for `.http` files' pull sessions. */
  parts: EditorSessionParts;
  disposables: vscode.Disposable[];
} {
  const { context, http } = wiring;
  const version = String(context.extension.packageJSON.version ?? '0.0.0');
  const secrets = new RequestSecrets(context.secrets, context.globalState);
  let pool: ConnectionPool | undefined;
  let jar: Promise<CookieJarFile> | undefined;
  const jarFile = path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'cookies.json');
  const cookieJar = (): Promise<CookieJarFile> => (jar ??= http.get().CookieJarFile.load(jarFile));
  const resources = async (): Promise<SendResources> => {
    const { spillDir } = await wiring.history();
    // Connections are kept alive between sends; made with the first one, so undici loads only then.
    pool ??= new (http.get().ConnectionPool)();
    return { spillDir, pool, cookieJar };
  };
  const options = async (draft: Parameters<typeof panelSendOptions>[0]): Promise<Omit<PullOptions, 'signal'>> =>
    panelSendOptions(draft, version, context.secrets, await resources());
  const tools = coreDraftTools(async (request) => {
    const base = await options({ options: { followRedirects: false, allowInvalidCertificates: false } });
    const response = await http.get().pull(request, {
      ...base,
      maxBodyBytes: TOKEN_ANSWER_BYTES,
      memoryThresholdBytes: TOKEN_ANSWER_BYTES,
    });
    await removeSpilled(response);
    const body =
      response.decoded.kind === 'memory' ? response.decoded.bytes : new Uint8Array(bodySize(response.decoded));
    return { status: response.status, headers: response.headers, body };
  });
  const parts: EditorSessionParts = {
    history: wiring.history,
    sender: () => http.get().pull,
    senderOptions: options,
    clock: systemClock,
  };
  const panels = new RequestPanels({
    ...parts,
    extensionUri: context.extensionUri,
    tools,
    secrets,
    documents: wiring.documents,
    logger: wiring.logger,
    environments: wiring.environments,
  });
  const commands = registerRequestCommands({
    panels,
    secrets,
    storage: context.secrets,
    clearCookies: async () => {
      await (await cookieJar()).clear();
    },
  });
  const closePool = { dispose: () => void pool?.close() };
  return { panels, parts, disposables: [panels, ...commands, closePool] };
}
