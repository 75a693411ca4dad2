import * as vscode from 'vscode';
import type { Logger } from '../../core/clock';
import { bodySize, type PulledExchange } from '../../core/model/pulled';
import type { PullOutcome } from '../../core/pull/outcome';
import type { PullOptions } from '../../core/http/options';
import type { PreparedRequest, PullSession } from '../../core/pull/session';
import type { HostMessage, PageMessage, PanelContext, RequestDraft } from '../../webview/requestPanel/panelProtocol';
import { isPageMessage } from '../../webview/requestPanel/validate';
import { Disposable } from '../disposable';
import type { ReadOnlyDocumentProvider } from '../readOnlyDocumentProvider';
import { draftTitle } from './draftOf';
import { editorPullSession, type EditorSessionParts } from './editorSession';
import type { DraftContext, DraftTools } from './draftTools';
import type { EnvironmentSelection } from './environments';
import { requestPanelHtml } from './html';
import { PanelExtras } from './panelExtras';
import type { RequestSecrets } from './requestSecrets';
import { ResponseActions, type PanelDialogs } from './responseActions';
import { shownResponse, unresolvedRefusal } from './panelSend';

export const REQUEST_PANEL_VIEW_TYPE = 'pushpull.requestPanel';
/** How long the draft stays unchanged before its unresolved variables are worked out again. */
const UNRESOLVED_DEBOUNCE_MS = 300;

/** What every panel shares: the draft logic, the sender, the history, secrets and the editor side. */
export interface RequestPanelDeps extends EditorSessionParts {
  readonly extensionUri: vscode.Uri;
  readonly tools: DraftTools;
  readonly secrets: RequestSecrets;
  readonly documents: ReadOnlyDocumentProvider;
  readonly dialogs: () => PanelDialogs;
  readonly logger: Logger;
  /** The environments and the one picked in this workspace (shared with `.http` files and the status bar). */
  readonly environments: EnvironmentSelection;
}

/** One request composer: the page edits a draft; sends and cancels go to the panel's own pull session. */
export class RequestPanel extends Disposable {
  private draftNow: RequestDraft;
  private readonly session: PullSession<RequestDraft, PullOptions>;
  private sending: Promise<PullOutcome> | undefined;
  /** What the page shows of the last answer (or failure), shown again when the page is made anew. */
  private shown: HostMessage | undefined;
  /** The exchange whose answer the page shows, for open, save and copy. */
  private shownId: string | undefined;
  private readonly actions: ResponseActions;
  private readonly extras: PanelExtras;
  private unresolvedTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly posted = this._register(new vscode.EventEmitter<HostMessage>());
  /** Every message sent to the page, after it was delivered. */
  readonly onDidPost = this.posted.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: RequestPanelDeps,
    draft: RequestDraft,
  ) {
    super();
    this.draftNow = draft;
    this.session = editorPullSession<RequestDraft>(
      deps,
      'panel',
      (d, signal) => this.prepare(d, signal),
      (d) => d.options,
    );
    this.actions = new ResponseActions(deps.history, deps.documents, deps.dialogs);
    this.extras = new PanelExtras(deps, {
      draft: () => this.draftNow,
      setDraft: (d) => this.setDraft(d),
      post: (message) => this.post(message),
    });
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(deps.extensionUri, 'dist'),
        vscode.Uri.joinPath(deps.extensionUri, 'media'),
      ],
    };
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'pushpull.svg');
    panel.title = draftTitle(draft);
    panel.webview.html = requestPanelHtml(panel.webview, deps.extensionUri);
    this._register(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        this.handleMessage(message).catch((error: unknown) => {
          if (this.isDisposed) return;
          const text = error instanceof Error ? error.message : String(error);
          deps.logger.error(`Request panel: ${text}`);
          void this.post({ type: 'notice', message: text });
        });
      }),
    );
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register({ dispose: () => clearTimeout(this.unresolvedTimer) });
  }

  get draft(): RequestDraft {
    return this.draftNow;
  }

  /** Handles one message from the page; shapes other than the protocol's are ignored. Resolves once answered. */
  async handleMessage(message: unknown): Promise<void> {
    if (!isPageMessage(message)) return;
    await this.handle(message);
  }

  /** The environments and the draft's secrets that are set, as the page shows them. */
  async panelContext(): Promise<PanelContext> {
    const environments = this.deps.environments.read();
    return {
      environments: environments.names,
      environment: environments.selected,
      secretsSet: await this.deps.secrets.which(this.draftNow.id),
    };
  }

  /** Tells the page the environments or secrets changed, and what is unresolved now. */
  async contextChanged(): Promise<void> {
    await this.post({ type: 'context/changed', context: await this.panelContext() });
    await this.postUnresolved();
  }

  private async handle(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'panel/ready':
        // The page is made anew each time the panel is shown again: it gets back what it showed.
        await this.post({ type: 'draft/restore', draft: this.draftNow, context: await this.panelContext() });
        if (this.sending) await this.post({ type: 'request/sending' });
        else if (this.shown) await this.post(this.shown);
        await this.postUnresolved();
        return;
      case 'draft/changed':
        this.setDraft(message.draft);
        clearTimeout(this.unresolvedTimer);
        this.unresolvedTimer = setTimeout(
          () => void this.postUnresolved().catch(() => undefined),
          UNRESOLVED_DEBOUNCE_MS,
        );
        return;
      case 'request/send':
        this.setDraft(message.draft);
        await this.send(message.draft);
        return;
      case 'request/cancel':
        this.session.cancel();
        return;
      case 'environment/select':
        await this.deps.environments.select(message.name);
        return;
      case 'response/open':
      case 'response/save':
      case 'response/copy':
        await this.onResponse(message.type);
        return;
      case 'auth/secret':
      case 'curl/import':
      case 'curl/copy':
      case 'file/pick':
        await this.extras.handle(message);
        if (message.type === 'curl/import' || message.type === 'auth/secret') await this.contextChanged();
        return;
    }
  }

  /** The draft the page now has (a cURL import also sets it); the title follows it. */
  setDraft(draft: RequestDraft): void {
    this.draftNow = draft;
    if (!this.isDisposed) this.panel.title = draftTitle(draft);
  }

  private async draftContext(draft: RequestDraft): Promise<DraftContext> {
    return {
      environment: this.deps.environments.read().environment,
      secrets: await this.deps.secrets.values(draft.id),
    };
  }

  private async postUnresolved(): Promise<void> {
    const names = this.deps.tools.unresolved(this.draftNow, await this.draftContext(this.draftNow));
    await this.post({ type: 'variables/unresolved', names });
  }

  /** Refuses a draft with unresolved names; else the request, with the secret values the history must mask. */
  private async prepare(draft: RequestDraft, signal: AbortSignal): Promise<PreparedRequest> {
    const context = await this.draftContext(draft);
    const names = this.deps.tools.unresolved(draft, context);
    if (names.length > 0) throw unresolvedRefusal(names, context.environment.name);
    const prepared = await this.deps.tools.prepare(draft, context, signal);
    const secretValues = [...(prepared.secretValues ?? []), ...Object.values(context.secrets)];
    return { ...prepared, secretValues, name: draftTitle(draft) };
  }

  private async send(draft: RequestDraft): Promise<void> {
    // A newer send replaces the one still running: only the answer to what the page shows may appear.
    const sending = this.session.send(draft);
    this.sending = sending;
    await this.post({ type: 'request/sending' });
    const outcome = await sending;
    if (outcome.kind === 'superseded' || this.sending !== sending) return;
    this.sending = undefined;
    let reply: HostMessage;
    if (outcome.kind === 'answered') {
      const { exchange } = outcome;
      reply = { type: 'response/show', response: await shownResponse(await this.deps.history(), exchange) };
      this.shownId = exchange.id;
      this.deps.logger.info(
        `Request panel: ${exchange.request.method} ${outcome.summary.url} → ${exchange.response.status}, ${bodySize(exchange.response.decoded)} bytes`,
      );
    } else {
      if (outcome.names) await this.post({ type: 'variables/unresolved', names: outcome.names });
      reply = { type: 'request/failed', code: outcome.code, message: outcome.message };
      this.shownId = undefined;
    }
    this.shown = reply;
    await this.post(reply);
  }

  /** Shows a kept answer sent from elsewhere (a `.http` file) as if this panel had sent it. */
  async showExchange(exchange: PulledExchange): Promise<void> {
    const reply: HostMessage = {
      type: 'response/show',
      response: await shownResponse(await this.deps.history(), exchange),
    };
    this.shownId = exchange.id;
    this.shown = reply;
    await this.post(reply);
  }

  private async onResponse(what: 'response/open' | 'response/save' | 'response/copy'): Promise<void> {
    const id = this.shownId;
    if (id === undefined) {
      await this.post({ type: 'notice', message: 'There is no response to use yet: send the request first.' });
      return;
    }
    const notice =
      what === 'response/open'
        ? await this.actions.open(id)
        : what === 'response/save'
          ? await this.actions.save(id)
          : await this.actions.copy(id);
    if (notice) await this.post({ type: 'notice', message: notice });
  }

  async post(message: HostMessage): Promise<void> {
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
