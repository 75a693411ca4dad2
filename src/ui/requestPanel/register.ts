import * as vscode from 'vscode';
import { isDraft } from '../../webview/requestPanel/protocol';
import { Disposable } from '../disposable';
import { REQUEST_PANEL_VIEW_TYPE, RequestPanel, type RequestPanelDeps } from './requestPanel';

/** Opens the request panel (one at a time) and restores it after a reload from the page's saved state. */
export class RequestPanels extends Disposable {
  private current: RequestPanel | undefined;

  constructor(private readonly deps: RequestPanelDeps) {
    super();
    this._register(
      vscode.window.registerWebviewPanelSerializer(REQUEST_PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          this.adopt(new RequestPanel(panel, this.deps, isDraft(state) ? state : undefined));
        },
      }),
    );
    this._register({ dispose: () => this.current?.dispose() });
  }

  get active(): RequestPanel | undefined {
    return this.current;
  }

  open(): RequestPanel {
    if (this.current) {
      this.current.panel.reveal();
      return this.current;
    }
    const panel = vscode.window.createWebviewPanel(
      REQUEST_PANEL_VIEW_TYPE,
      'PushPull Request',
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: [
          vscode.Uri.joinPath(this.deps.extensionUri, 'dist'),
          vscode.Uri.joinPath(this.deps.extensionUri, 'media'),
        ],
      },
    );
    return this.adopt(new RequestPanel(panel, this.deps));
  }

  private adopt(panel: RequestPanel): RequestPanel {
    this.current = panel;
    panel.panel.onDidDispose(() => {
      if (this.current === panel) this.current = undefined;
    });
    return panel;
  }
}
