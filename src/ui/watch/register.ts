import * as path from 'node:path';
import * as vscode from 'vscode';
import { systemClock, systemTimers, type Logger } from '../../core/clock';
import { comparableBody } from '../../core/compare/body';
import { WATCHES_FILE } from '../../core/compare/watchFile';
import { Watches } from '../../core/compare/watches';
import type { WatchRequest } from '../../core/compare/watchTypes';
import type { PullOptions } from '../../core/http/options';
import type { HttpLoader } from '../../core/pull/lazyHttp';
import type { HookReader } from '../../core/push/reader';
import type { OpenHistory } from '../history/historyHandle';
import type { ReadOnlyDocumentProvider } from '../readOnlyDocumentProvider';
import { registerTimeline } from './timelineCommand';
import { type WatchNode, WatchTreeProvider } from './watchTree';

export interface WatchUiDeps {
  /** The folder the watches file is kept in (the extension's global storage). */
  readonly folder: string;
  readonly history: () => Promise<OpenHistory>;
  readonly http: HttpLoader;
  readonly hooks: HookReader;
  readonly documents: ReadOnlyDocumentProvider;
  readonly logger: Logger;
}

/** The Watches view and its commands; the watches open (and resume) once the request history is ready. */
export class WatchUi implements vscode.Disposable {
  readonly tree = new WatchTreeProvider(undefined);
  private readonly disposables: vscode.Disposable[] = [];
  private opened: Promise<Watches<PullOptions>> | undefined;

  constructor(private readonly deps: WatchUiDeps) {
    const view = vscode.window.createTreeView('pushpull.watches', { treeDataProvider: this.tree });
    const command = (id: string, run: (...args: never[]) => unknown): void =>
      void this.disposables.push(vscode.commands.registerCommand(id, run));
    this.disposables.push(this.tree, view);
    command('pushpull.watchRequest', (url?: string, everySeconds?: number) => this.watchRequest(url, everySeconds));
    command('pushpull.stopWatch', (node?: WatchNode) => this.act(node, (w, id) => w.stop(id)));
    command('pushpull.resumeWatch', (node?: WatchNode) => this.act(node, (w, id) => w.resume(id)));
    command('pushpull.deleteWatch', (node?: WatchNode) => this.act(node, (w, id) => w.delete(id)));
    command('pushpull.diffWatchChange', (node?: WatchNode) => this.diffChange(node));
    this.disposables.push(
      ...registerTimeline({ watches: () => this.watches(), hooks: deps.hooks, history: deps.history }),
    );
    if (deps.folder) void this.watches().catch(() => undefined);
  }

  /** The watches, opened once (the history first: every poll is kept there). */
  watches(): Promise<Watches<PullOptions>> {
    this.opened ??= (async () => {
      await this.deps.history();
      const watches = await Watches.open<PullOptions>({
        file: path.join(this.deps.folder, WATCHES_FILE),
        logger: this.deps.logger,
        timers: systemTimers,
        clock: systemClock,
        sender: () => this.deps.http.get().pull,
        // The history open now: it may have been closed and opened again (Try Again, a reload of its folder) since.
        options: async () => ({ spillDir: (await this.deps.history()).spillDir }),
        record: async (exchange, options) => (await this.deps.history()).add(exchange, options),
      });
      this.tree.setSource(watches);
      return watches;
    })();
    return this.opened;
  }

  private async watchRequest(url?: string, everySeconds?: number): Promise<string | undefined> {
    const target =
      url ??
      (await vscode.window.showInputBox({
        title: 'Watch Request',
        prompt: 'The URL to poll (GET). Its ETag or Last-Modified is sent back, so unchanged answers cost little.',
        placeHolder: 'https://api.example.com/items/42',
        validateInput: (text) => (/^https?:\/\/\S+$/i.test(text.trim()) ? undefined : 'An http:// or https:// URL'),
      }));
    if (!target) return undefined;
    const seconds =
      everySeconds ??
      Number(
        await vscode.window.showInputBox({
          title: 'Watch Request: every how many seconds?',
          value: '10',
          validateInput: (text) => (/^\d+$/.test(text) && Number(text) >= 1 ? undefined : 'A whole number, at least 1'),
        }),
      );
    if (!Number.isSafeInteger(seconds) || seconds < 1) return undefined;
    const request: WatchRequest = { method: 'GET', url: target.trim(), headers: [] };
    const watches = await this.watches();
    return watches.add(`GET ${request.url}`.slice(0, 200), request, seconds * 1000).definition.id;
  }

  private async act(
    node: WatchNode | undefined,
    run: (watches: Watches<PullOptions>, id: string) => void,
  ): Promise<void> {
    const watches = await this.watches();
    const id = node?.kind === 'watch' ? node.id : (node?.watchId ?? (await this.pick(watches)));
    if (id !== undefined) run(watches, id);
  }

  private async pick(watches: Watches<PullOptions>): Promise<string | undefined> {
    const items = watches
      .list()
      .map((w) => ({ label: w.definition.name, description: w.definition.id, id: w.definition.id }));
    return (await vscode.window.showQuickPick(items, { title: 'Which watch?' }))?.id;
  }

  /** Opens the diff editor on this change's body and the change before it (an empty document for the first). */
  private async diffChange(node?: WatchNode): Promise<void> {
    if (node?.kind !== 'change') return;
    const watch = (await this.watches()).get(node.watchId);
    const history = await this.deps.history();
    const change = watch?.state.changes[node.index];
    if (!watch || !change) return;
    const before = watch.state.changes[node.index - 1];
    const side = async (exchangeId: string | undefined, label: string): Promise<vscode.Uri> => {
      const bytes =
        exchangeId === undefined ? new Uint8Array(0) : await history.readBody(exchangeId, 'decoded', 16 * 1024 * 1024);
      const contentType = exchangeId === undefined ? undefined : history.summary(exchangeId)?.contentType;
      const body = comparableBody(bytes ?? new Uint8Array(0), contentType);
      return this.deps.documents.put(
        label,
        bytes === undefined ? '(no longer kept in the history)\n' : body.text,
        body.language,
      );
    };
    const time = (at: number): string => new Date(at).toLocaleTimeString();
    const left = await side(before?.exchangeId, before ? `${watch.definition.name} ${time(before.at)}` : 'before');
    const right = await side(change.exchangeId, `${watch.definition.name} ${time(change.at)}`);
    await vscode.commands.executeCommand(
      'vscode.diff',
      left,
      right,
      `${watch.definition.name}: ${before ? time(before.at) : 'first'} ↔ ${time(change.at)}`,
    );
  }

  /** Stops every watch, waits for polls on their way and writes the watches file (before the history closes). */
  async close(): Promise<void> {
    const opened = this.opened;
    if (!opened) return;
    await opened.then((watches) => watches.dispose()).catch(() => undefined);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
    void this.close();
  }
}
