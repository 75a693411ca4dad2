import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { PulledExchange } from '../../core/model/pulled';
import { newDraft, type RequestDraft } from '../../webview/requestPanel/panelProtocol';
import { isRequestDraft } from '../../webview/requestPanel/validate';
import { Disposable } from '../disposable';
import { draftOfExchange } from './draftOf';
import { REQUEST_PANEL_VIEW_TYPE, RequestPanel, type RequestPanelDeps } from './requestPanel';
import { systemDialogs, type PanelDialogs } from './responseActions';

/** The draft the page saved with `setState`: the draft itself, or an object holding it as `draft`. */
export function savedDraft(state: unknown): RequestDraft | undefined {
  if (isRequestDraft(state)) return state;
  if (typeof state === 'object' && state !== null && 'draft' in state) {
    const draft = (state as { draft: unknown }).draft;
    if (isRequestDraft(draft)) return draft;
  }
  return undefined;
}

/**
 * The request panels: as many as the user opens, each restored after a reload with the draft its page saved, and
 * each told when the environments change.
 */
export class RequestPanels extends Disposable {
  private readonly panels = new Set<RequestPanel>();
  private lastActive: RequestPanel | undefined;
  private readonly added = this._register(new vscode.EventEmitter<RequestPanel>());
  /** Fires when a panel is opened or restored. */
  readonly onDidAdd = this.added.event;
  /** The save and open dialogs panels show (PushPull's tests answer them instead). */
  dialogs: PanelDialogs = systemDialogs;
  private readonly deps: RequestPanelDeps;

  constructor(deps: Omit<RequestPanelDeps, 'dialogs'>) {
    super();
    this.deps = { ...deps, dialogs: () => this.dialogs };
    this._register(
      vscode.window.registerWebviewPanelSerializer(REQUEST_PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          this.restore(panel, state);
        },
      }),
    );
    this._register(
      deps.environments.onDidChange(() => {
        for (const panel of this.panels) void panel.contextChanged().catch(() => undefined);
      }),
    );
    this._register({ dispose: () => [...this.panels].forEach((panel) => panel.dispose()) });
  }

  /** The panel the user last used (or opened), if any is open. */
  get active(): RequestPanel | undefined {
    return this.lastActive;
  }

  /** Every open panel, oldest first. */
  get all(): readonly RequestPanel[] {
    return [...this.panels];
  }

  /** Opens a new panel, with `draft` or an empty one, in the active column unless `column` says another. */
  open(
    draft: RequestDraft = newDraft(randomUUID()),
    column: vscode.ViewColumn = vscode.ViewColumn.Active,
  ): RequestPanel {
    const panel = vscode.window.createWebviewPanel(REQUEST_PANEL_VIEW_TYPE, 'PushPull Request', column, {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.deps.extensionUri, 'dist'),
        vscode.Uri.joinPath(this.deps.extensionUri, 'media'),
      ],
    });
    return this.adopt(new RequestPanel(panel, this.deps, draft));
  }

  /** A panel VS Code kept over a reload, with the draft its page saved (a new one when the state is not a draft). */
  restore(panel: vscode.WebviewPanel, state: unknown): RequestPanel {
    return this.adopt(new RequestPanel(panel, this.deps, savedDraft(state) ?? newDraft(randomUUID())));
  }

  /** Opens a new panel with the request of a kept exchange; undefined (and a message) when it is gone. */
  async openExchange(exchangeId: string): Promise<RequestPanel | undefined> {
    const exchange = await (await this.deps.history()).get(exchangeId);
    if (!exchange) {
      void vscode.window.showWarningMessage('That request is no longer in the history.');
      return undefined;
    }
    return this.open(draftOfExchange(exchange, randomUUID()));
  }

  /** Opens a panel beside the editor with a kept exchange's request and its answer (a `.http` file's send). */
  async showExchange(exchange: PulledExchange): Promise<RequestPanel> {
    const kept = (await (await this.deps.history()).get(exchange.id)) ?? exchange;
    const panel = this.open(draftOfExchange(kept, randomUUID()), vscode.ViewColumn.Beside);
    await panel.showExchange(kept);
    return panel;
  }

  private adopt(panel: RequestPanel): RequestPanel {
    this.panels.add(panel);
    this.lastActive = panel;
    panel.panel.onDidChangeViewState(({ webviewPanel }) => {
      if (webviewPanel.active) this.lastActive = panel;
    });
    panel.panel.onDidDispose(() => {
      this.panels.delete(panel);
      if (this.lastActive === panel) this.lastActive = [...this.panels].at(-1);
    });
    this.added.fire(panel);
    return panel;
  }
}

/** `pushpull.openRequestPanel`'s optional argument: the history exchange to start from. */
export function exchangeIdOf(argument: unknown): string | undefined {
  if (typeof argument !== 'object' || argument === null) return undefined;
  const id = (argument as { exchangeId?: unknown }).exchangeId;
  return typeof id === 'string' && id.length > 0 && id.length <= 200 ? id : undefined;
}
