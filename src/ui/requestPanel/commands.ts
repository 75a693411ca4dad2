import * as vscode from 'vscode';
import type { RequestPanel } from './requestPanel';
import { exchangeIdOf, type RequestPanels } from './register';
import { CLIENT_CERT_PASSPHRASE_KEY, type RequestSecrets } from './requestSecrets';

export interface RequestCommandDeps {
  readonly panels: RequestPanels;
  readonly secrets: RequestSecrets;
  readonly storage: vscode.SecretStorage;
  /** Empties this workspace's cookie jar. */
  readonly clearCookies: () => Promise<void>;
}

/** The request panel's commands: open (new, or from a kept exchange), secrets, the client certificate, cookies. */
export function registerRequestCommands(deps: RequestCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      'pushpull.openRequestPanel',
      async (argument?: unknown): Promise<RequestPanel | undefined> => {
        const exchangeId = exchangeIdOf(argument);
        return exchangeId === undefined ? deps.panels.open() : deps.panels.openExchange(exchangeId);
      },
    ),
    vscode.commands.registerCommand('pushpull.clearRequestSecrets', async (confirmed?: unknown) => {
      if (confirmed !== true) {
        const answer = await vscode.window.showWarningMessage(
          'Remove every password, token, API key and client secret the request panels stored?',
          { modal: true },
          'Remove',
        );
        if (answer !== 'Remove') return 0;
      }
      const drafts = await deps.secrets.clearAll();
      for (const panel of deps.panels.all) void panel.contextChanged().catch(() => undefined);
      void vscode.window.showInformationMessage(`Removed the stored secrets of ${drafts} request drafts.`);
      return drafts;
    }),
    vscode.commands.registerCommand('pushpull.setClientCertificatePassphrase', async (given?: unknown) => {
      const value =
        typeof given === 'string'
          ? given
          : await vscode.window.showInputBox({
              title: 'Passphrase of the client certificate (pushpull.request.clientCertificate)',
              prompt: 'Kept in VS Code’s secret storage. Leave empty to remove it.',
              password: true,
              ignoreFocusOut: true,
            });
      if (value === undefined) return;
      if (value === '') await deps.storage.delete(CLIENT_CERT_PASSPHRASE_KEY);
      else await deps.storage.store(CLIENT_CERT_PASSPHRASE_KEY, value);
    }),
    vscode.commands.registerCommand('pushpull.clearCookies', async () => {
      await deps.clearCookies();
      void vscode.window.showInformationMessage('Cleared the cookies PushPull kept for this workspace.');
    }),
  ];
}
