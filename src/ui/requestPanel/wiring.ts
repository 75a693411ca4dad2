import * as vscode from 'vscode';
import type { Logger } from '../../core/clock';
import { systemClock } from '../../core/clock';
import type { ExchangeHistory } from '../../core/model/history';
import type { PullSender, SessionSendOptions } from '../../core/pull/session';
import type { ReadOnlyDocumentProvider } from '../readOnlyDocumentProvider';
import { registerRequestCommands } from './commands';
import type { DraftTools } from './draftTools';
import { RequestPanels } from './register';
import { RequestSecrets } from './requestSecrets';
import { panelSendOptions } from './senderOptions';

export interface RequestPanelWiring {
  readonly context: vscode.ExtensionContext;
  readonly logger: Logger;
  readonly documents: ReadOnlyDocumentProvider;
  /** The history once open, and the folder the sender spills big bodies into (inside it, same disk). */
  readonly history: () => Promise<ExchangeHistory & { readonly spillDir: string }>;
  readonly sender: () => PullSender<SessionSendOptions>;
  readonly tools: DraftTools;
  readonly clearCookies: () => Promise<void>;
}

/** The request panels, their secrets and commands, on the sender, the history and the draft logic given. */
export function requestPanels(wiring: RequestPanelWiring): { panels: RequestPanels; disposables: vscode.Disposable[] } {
  const { context } = wiring;
  const version = String(context.extension.packageJSON.version ?? '0.0.0');
  const secrets = new RequestSecrets(context.secrets, context.globalState);
  const panels = new RequestPanels({
    extensionUri: context.extensionUri,
    tools: wiring.tools,
    secrets,
    history: wiring.history,
    sender: wiring.sender,
    senderOptions: async (draft) =>
      panelSendOptions(draft, version, (await wiring.history()).spillDir, context.secrets),
    documents: wiring.documents,
    clock: systemClock,
    logger: wiring.logger,
  });
  const commands = registerRequestCommands({
    panels,
    secrets,
    storage: context.secrets,
    clearCookies: wiring.clearCookies,
  });
  return { panels, disposables: [panels, ...commands] };
}
