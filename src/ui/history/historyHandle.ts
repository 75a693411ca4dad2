import * as vscode from 'vscode';
import type { Logger } from '../../core/clock';
import type { ExchangeHistory, ExchangeSummary, HistoryLimits } from '../../core/model/history';
import type { PulledExchange } from '../../core/model/pulled';
import { Disposable } from '../disposable';
import { affectsLimits, historyAddOptions, historyLimits } from './settings';

/** The open history, with the folder where the sender writes large bodies (on the history's own device). */
export type OpenHistory = ExchangeHistory & { readonly spillDir: string };

/** Opens the history's folder with these limits (the extension passes HistoryStore.open). */
export type HistoryOpener = (limits: HistoryLimits) => Promise<OpenHistory>;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The window's request history, opened in the background at activation: commands and the view wait for it
 * (`ready`), a failure to open (another window holds it, a setting that cannot be used) is kept as a sentence the
 * view shows and the commands say, with *Try Again*. Retention follows the settings as they change. `close` writes
 * what is pending and releases the folder (deactivate waits for it).
 */
export class HistoryHandle extends Disposable {
  private current: OpenHistory | undefined;
  private opening: Promise<OpenHistory | undefined> | undefined;
  private failure: string | undefined;
  private subscription: vscode.Disposable | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when exchanges change and when the history opens, closes or fails to open. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly opener: HistoryOpener,
    private readonly logger: Logger,
  ) {
    super();
    this._register({ dispose: () => this.subscription?.dispose() });
    this._register(vscode.workspace.onDidChangeConfiguration((e) => affectsLimits(e) && void this.applyLimits()));
  }

  /** The history once open, or undefined while it opens, after it failed, or once closed. */
  get history(): OpenHistory | undefined {
    return this.current;
  }

  /** Why the history could not be opened, as a sentence; undefined when it is open or opening. */
  get error(): string | undefined {
    return this.failure;
  }

  /** Opens the history (again after a failure or `close`); resolves undefined when it cannot. */
  open(): Promise<OpenHistory | undefined> {
    if (this.current) return Promise.resolve(this.current);
    this.opening ??= this.openNow().finally(() => (this.opening = undefined));
    return this.opening;
  }

  /** The open history, waiting while it opens; undefined (and `error` set) when it could not be opened. */
  async ready(): Promise<OpenHistory | undefined> {
    if (this.current) return this.current;
    if (this.opening) return this.opening;
    return this.failure === undefined ? this.open() : undefined;
  }

  /**
   * The open history, waiting while it opens; rejects with the reason when it cannot be opened (for the request
   * panel, which says the reason on its page). An arrow property: it may be passed on unbound.
   */
  readonly whenReady = async (): Promise<OpenHistory> => {
    const history = await this.ready();
    if (!history) throw new Error(`The request history is not available: ${this.failure ?? 'it is closed.'}`);
    return history;
  };

  /** The open history for a command; when it could not be opened, says why with *Try Again*. */
  async forCommand(): Promise<OpenHistory | undefined> {
    const history = await this.ready();
    if (history) return history;
    const choice = await vscode.window.showErrorMessage(
      `PushPull's request history is not available: ${this.failure ?? 'it is closed.'}`,
      'Try Again',
    );
    return choice === 'Try Again' ? this.open() : undefined;
  }

  /** Keeps a sent exchange with the masking the settings ask for; undefined when the history is not available. */
  async add(exchange: PulledExchange): Promise<ExchangeSummary | undefined> {
    const history = await this.ready();
    return history?.add(exchange, historyAddOptions());
  }

  /** Writes what is pending and releases the folder; the view says the history is closed. */
  async close(): Promise<void> {
    const opening = this.opening;
    if (opening) await opening;
    const history = this.current;
    this.current = undefined;
    this.subscription?.dispose();
    this.subscription = undefined;
    this.failure = 'it was closed with the window.';
    if (history) await history.dispose();
    if (!this.isDisposed) this.changed.fire();
  }

  private async openNow(): Promise<OpenHistory | undefined> {
    this.failure = undefined;
    try {
      const history = await this.opener(historyLimits());
      if (this.isDisposed) {
        await history.dispose();
        return undefined;
      }
      this.current = history;
      this.subscription = history.onDidChange(() => this.changed.fire());
      this.logger.info(`Request history opened: ${history.size.exchanges} requests kept`);
      return history;
    } catch (error) {
      this.failure = messageOf(error);
      this.logger.warn(`Request history could not be opened: ${this.failure}`);
      return undefined;
    } finally {
      if (!this.isDisposed) this.changed.fire();
    }
  }

  private async applyLimits(): Promise<void> {
    const history = this.current;
    if (!history) return;
    try {
      await history.setLimits(historyLimits());
    } catch (error) {
      void vscode.window.showErrorMessage(`PushPull: ${messageOf(error)}`);
    }
  }
}
