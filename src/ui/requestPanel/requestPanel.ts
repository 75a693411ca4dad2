import * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import { errorCode } from '../../core/errors';
import { parseHeaderLines } from '../../core/http/headers';
import type { Exchange } from '../../core/http/model';
import { renderBody } from '../../core/render/payload';
import type { ExchangeLog } from '../../core/store/exchangeLog';
import {
  emptyDraft,
  isPageToHost,
  type HostToPage,
  type PageToHost,
  type RequestDraft,
} from '../../webview/requestPanel/protocol';
import { Disposable } from '../disposable';
import { requestPanelHtml } from './html';
import type { LazyHttp } from './lazyHttp';

export const REQUEST_PANEL_VIEW_TYPE = 'pushpull.requestPanel';

export interface RequestPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly http: LazyHttp;
  readonly exchanges: ExchangeLog;
  readonly clock: Clock;
}

/** One request composer: a webview that sends what the user typed and shows the answer as text. */
export class RequestPanel extends Disposable {
  private draft: RequestDraft;
  private sequence = 0;
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
    this._register(panel.webview.onDidReceiveMessage((message: unknown) => void this.handleMessage(message)));
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
        await this.post({ type: 'draft/restore', draft: this.draft });
        return;
      case 'draft/changed':
        this.draft = message.draft;
        return;
      case 'request/send':
        this.draft = message.draft;
        await this.send(message.draft);
        return;
    }
  }

  private async send(draft: RequestDraft): Promise<void> {
    await this.post({ type: 'request/sending' });
    const started = this.deps.clock.now();
    try {
      const request = {
        method: draft.method,
        url: draft.url.trim(),
        headers: parseHeaderLines(draft.headers),
        body: draft.body,
      };
      const response = await this.deps.http.get().sendRequest(request);
      const exchange: Exchange = { id: `${started}-${++this.sequence}`, startedAt: started, request, response };
      this.deps.exchanges.add(exchange);
      const contentType = response.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1];
      await this.post({
        type: 'response/show',
        response: {
          status: response.status,
          headers: response.headers,
          body: renderBody(response.body, contentType).text,
          size: response.body.length,
          truncated: response.truncated,
          firstByteMs: response.timings.firstByte,
          totalMs: response.timings.total,
        },
      });
    } catch (error) {
      const code = errorCode(error) ?? 'REQUEST_FAILED';
      const text = error instanceof Error ? error.message : String(error);
      await this.post({ type: 'request/failed', code, message: text });
    }
  }

  private async post(message: HostToPage): Promise<void> {
    await this.panel.webview.postMessage(message);
    this.posted.fire(message);
  }

  override dispose(): void {
    super.dispose();
    this.panel.dispose();
  }
}
