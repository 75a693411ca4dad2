import * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import { errorCode } from '../../core/errors';
import { withoutCredentials } from '../../core/http/credentials';
import { parseHeaderLines } from '../../core/http/headers';
import type { Exchange } from '../../core/model/exchange';
import type { ExchangeLog } from '../../core/store/exchangeLog';
import {
  emptyDraft,
  isPageToHost,
  type HostToPage,
  type PageToHost,
  type RequestDraft,
} from '../../webview/requestPanel/protocol';
import { Disposable } from '../disposable';
import type { ReadOnlyDocuments } from '../readOnlyDocuments';
import { requestPanelHtml } from './html';
import type { LazyHttp } from './lazyHttp';
import { responseBody, responseView } from './responseView';

export const REQUEST_PANEL_VIEW_TYPE = 'pushpull.requestPanel';

export interface RequestPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly http: LazyHttp;
  readonly exchanges: ExchangeLog;
  readonly clock: Clock;
  /** Where a whole response body opens when the panel shows only its start. */
  readonly documents: ReadOnlyDocuments;
}

/** The request being sent: a newer send or Cancel aborts it, and its answer is then not shown. */
interface Sending {
  readonly id: number;
  readonly controller: AbortController;
}

/** One request composer: a webview that sends what the user typed and shows the answer as text. */
export class RequestPanel extends Disposable {
  private draft: RequestDraft;
  private sequence = 0;
  private sending: Sending | undefined;
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
        this.sending?.controller.abort();
        return;
      case 'response/open':
        await this.openShownBody();
        return;
    }
  }

  private async send(draft: RequestDraft): Promise<void> {
    // A newer send replaces the one still running: only the answer to what the page shows may appear.
    this.sending?.controller.abort();
    const sending: Sending = { id: ++this.sequence, controller: new AbortController() };
    this.sending = sending;
    await this.post({ type: 'request/sending' });
    const started = this.deps.clock.now();
    let reply: HostToPage;
    try {
      const request = {
        method: draft.method,
        url: draft.url.trim(),
        headers: parseHeaderLines(draft.headers),
        body: draft.body,
      };
      const http = this.deps.http.get();
      const options = { ...http.defaultSendOptions, signal: sending.controller.signal };
      const response = await http.sendRequest(request, options);
      if (this.sending !== sending) return;
      // Kept for Compare With…, which names it in lists and tabs: without the URL's credentials.
      const kept = { ...request, url: withoutCredentials(request.url) };
      const exchange: Exchange = { id: `${started}-${sending.id}`, startedAt: started, request: kept, response };
      this.deps.exchanges.add(exchange);
      this.shownExchange = exchange;
      reply = { type: 'response/show', response: responseView(response) };
    } catch (error) {
      if (this.sending !== sending) return;
      this.shownExchange = undefined;
      const code = errorCode(error) ?? 'REQUEST_FAILED';
      const text = error instanceof Error ? error.message : String(error);
      reply = { type: 'request/failed', code, message: text };
    }
    this.sending = undefined;
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
    this.sending?.controller.abort();
    this.sending = undefined;
    super.dispose();
    this.panel.dispose();
  }
}
