import * as vscode from 'vscode';
import type { Exchange } from '../../core/model/exchange';
import type { PullOutcome } from '../../core/pull/outcome';
import { PullSession, type PullSessionDeps } from '../../core/pull/session';
import {
  emptyDraft,
  isPageToHost,
  type HostToPage,
  type PageToHost,
  type RequestDraft,
} from '../../webview/requestPanel/protocol';
import { Disposable } from '../disposable';
import type { ReadOnlyDocumentProvider } from '../readOnlyDocumentProvider';
import { requestPanelHtml } from './html';
import { responseBody, responseView } from './responseView';

export const REQUEST_PANEL_VIEW_TYPE = 'pushpull.requestPanel';

/** What a panel needs: its session's (sender, exchange log, clock) and the editor side's. */
export interface RequestPanelDeps extends PullSessionDeps {
  readonly extensionUri: vscode.Uri;
  /** Where a whole response body opens when the panel shows only its start. */
  readonly documents: ReadOnlyDocumentProvider;
}

/**
 * One request composer: a webview whose sends and cancels go to its pull session, and which shows the answer
 * as text.
 */
export class RequestPanel extends Disposable {
  private draft: RequestDraft;
  /** Sends, cancels and records; the panel only shows. */
  private readonly session: PullSession;
  /** The send whose answer the page waits for: a newer send or closing the panel replaces it. */
  private sending: Promise<PullOutcome> | undefined;
  /** What the page shows of the last answer (or failure), shown again when the page is made anew. */
  private shown: HostToPage | undefined;
  /** The exchange the page shows, for Open in Editor. */
  private shownExchange: Exchange | undefined;
  private readonly posted = this._register(new vscode.EventEmitter<HostToPage>());
  /** Every message sent to the page, after it was delivered. */
  readonly onDidPost = this.posted.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: RequestPanelDeps,
    draft: RequestDraft = emptyDraft,
  ) {
    super();
    this.draft = draft;
    this.session = new PullSession(deps);
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(deps.extensionUri, 'dist'),
        vscode.Uri.joinPath(deps.extensionUri, 'media'),
      ],
    };
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'pushpull.svg');
    panel.webview.html = requestPanelHtml(panel.webview, deps.extensionUri);
    this._register(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        this.handleMessage(message).catch((error: unknown) => {
          // A reply that cannot be posted because the panel closed meanwhile has nobody to show it to.
          if (this.isDisposed) return;
          const text = error instanceof Error ? error.message : String(error);
          void vscode.window.showErrorMessage(`PushPull request panel: ${text}`);
        });
      }),
    );
    this._register(panel.onDidDispose(() => this.dispose()));
  }

  /** Handles one message from the page; unknown shapes are ignored. Resolves when the reply was posted. */
  async handleMessage(message: unknown): Promise<void> {
    if (!isPageToHost(message)) return;
    await this.handle(message);
  }

  private async handle(message: PageToHost): Promise<void> {
    switch (message.type) {
      case 'panel/ready':
        // The page is made anew each time the panel is shown again: it gets back what it showed.
        await this.post({ type: 'draft/restore', draft: this.draft });
        if (this.sending) await this.post({ type: 'request/sending' });
        else if (this.shown) await this.post(this.shown);
        return;
      case 'draft/changed':
        this.draft = message.draft;
        return;
      case 'request/send':
        this.draft = message.draft;
        await this.send(message.draft);
        return;
      case 'request/cancel':
        this.session.cancel();
        return;
      case 'response/open':
        await this.openShownBody();
        return;
    }
  }

  private async send(draft: RequestDraft): Promise<void> {
    // A newer send replaces the one still running: only the answer to what the page shows may appear.
    const sending = this.session.send(draft);
    this.sending = sending;
    await this.post({ type: 'request/sending' });
    const outcome = await sending;
    if (outcome.kind === 'superseded') return;
    this.sending = undefined;
    this.shownExchange = outcome.kind === 'answered' ? outcome.exchange : undefined;
    const reply: HostToPage =
      outcome.kind === 'answered'
        ? { type: 'response/show', response: responseView(outcome.exchange.response) }
        : { type: 'request/failed', code: outcome.code, message: outcome.message };
    this.shown = reply;
    await this.post(reply);
  }

  /** Opens the whole body of the answer shown, read-only, in an editor. */
  private async openShownBody(): Promise<void> {
    const exchange = this.shownExchange;
    if (!exchange) return;
    const body = responseBody(exchange.response);
    const title = `${exchange.request.method} ${exchange.request.url} → ${exchange.response.status}`;
    const uri = this.deps.documents.put(title, body.text, body.language);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  }

  private async post(message: HostToPage): Promise<void> {
    if (this.isDisposed) return;
    await this.panel.webview.postMessage(message);
    this.posted.fire(message);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    // Closing the panel cancels what it was sending.
    this.session.dispose();
    this.sending = undefined;
    super.dispose();
    this.panel.dispose();
  }
}
