import * as vscode from 'vscode';
import type { HostMessage, PageMessage, RequestDraft, SecretField } from '../../webview/requestPanel/panelProtocol';
import type { DraftTools } from './draftTools';
import type { EnvironmentSelection } from './environments';
import type { RequestSecrets } from './requestSecrets';
import type { PanelDialogs } from './responseActions';

type ExtraMessage = Extract<PageMessage, { type: 'auth/secret' | 'curl/import' | 'curl/copy' | 'file/pick' }>;

/** Where the extras act: the draft the page has, and how to change it and answer. */
export interface PanelSide {
  draft(): RequestDraft;
  setDraft(draft: RequestDraft): void;
  post(message: HostMessage): Promise<void>;
}

/** A panel's secrets, cURL import and export, and file picking. */
export class PanelExtras {
  constructor(
    private readonly deps: {
      readonly tools: DraftTools;
      readonly secrets: RequestSecrets;
      readonly dialogs: () => PanelDialogs;
      readonly environments: EnvironmentSelection;
    },
    private readonly side: PanelSide,
  ) {}

  async handle(message: ExtraMessage): Promise<void> {
    switch (message.type) {
      case 'auth/secret':
        // Kept under the draft's id in SecretStorage; the draft, the page's state and the log never see it.
        await this.deps.secrets.set(this.side.draft().id, message.field, message.value);
        return;
      case 'curl/import':
        await this.importCurl(message.text);
        return;
      case 'curl/copy':
        await this.copyCurl(message.draft);
        return;
      case 'file/pick': {
        const file = await this.deps.dialogs().pickFile(message.purpose);
        if (!file) return;
        await this.side.post({
          type: 'file/picked',
          purpose: message.purpose,
          ...(message.row !== undefined ? { row: message.row } : {}),
          path: file.fsPath,
        });
        return;
      }
    }
  }

  private async importCurl(text: string): Promise<void> {
    const id = this.side.draft().id;
    let imported;
    try {
      imported = this.deps.tools.importCurl(text, id);
    } catch (error) {
      await this.side.post({ type: 'curl/failed', message: error instanceof Error ? error.message : String(error) });
      return;
    }
    // The panel keeps its id (its secrets are named by it); a -u password or a token goes to SecretStorage.
    const draft: RequestDraft = { ...imported.draft, id };
    for (const [field, value] of Object.entries(imported.secrets) as Array<[SecretField, string]>) {
      await this.deps.secrets.set(id, field, value);
    }
    this.side.setDraft(draft);
    await this.side.post({ type: 'curl/imported', draft, ignored: imported.ignored });
  }

  private async copyCurl(draft: RequestDraft): Promise<void> {
    const command = this.deps.tools.exportCurl(draft, {
      environment: this.deps.environments.read().environment,
      secrets: {},
    });
    await vscode.env.clipboard.writeText(command);
    await this.side.post({
      type: 'notice',
      message: 'Copied as cURL: variables resolved, secrets left as shell variables ($PASSWORD, $TOKEN…).',
    });
  }
}
