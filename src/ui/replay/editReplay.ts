import * as vscode from 'vscode';
import type { HookMeta } from '../../core/model/hook';
import { pathOf } from '../../core/model/url';
import { EditedRequestError, parseRequestDocument, requestDocument } from '../../core/relay/editedRequest';
import { Disposable } from '../disposable';
import { type HookSelection, onSelectedHook, selectedHook } from '../hooksView/selectedHook';
import { type ReplayDeps, type ReplaySource, replayArgs, replayTo } from './replay';
import { staleSignature, staleArg } from './staleSignature';

/** What the replay commands need: the hooks and the view's selection, and what Replay To… needs. */
export type ReplayCommandDeps = HookSelection & ReplayDeps;

/** An open Edit and Replay document: the hook it shows, and its body as first shown. */
interface Session {
  readonly hook: HookMeta;
  readonly body: Uint8Array;
  readonly bodyText: string;
}

/**
 * The replay commands. Replay To… sends a hook again as it came. Edit and Replay: the whole request (request
 * line, headers, body pretty-printed when JSON) opens in one editable document per hook, opened again rather
 * than piled up; "Send Edited Hook…" (CodeLens and editor title) sends it, re-signed when the route's secret
 * is known, else after a warning when it still carries the old signature.
 */
export class EditAndReplay extends Disposable implements vscode.CodeLensProvider {
  /** Editable document (URI) → the hook it came from. */
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly deps: ReplayCommandDeps) {
    super();
    this._register(
      vscode.commands.registerCommand(
        'pushpull.replayTo',
        onSelectedHook(deps, (hook, body, given) => replayTo(deps, hook, body, replayArgs(given))),
      ),
    );
    this._register(
      vscode.commands.registerCommand('pushpull.editAndReplay', (node?: unknown, nodes?: unknown) =>
        this.open(node, nodes),
      ),
    );
    this._register(
      vscode.commands.registerCommand('pushpull.sendEditedHook', (uri?: unknown, args?: unknown) =>
        this.send(uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri, args),
      ),
    );
    this._register(vscode.languages.registerCodeLensProvider({ scheme: 'untitled' }, this));
    this._register(vscode.window.onDidChangeActiveTextEditor((editor) => this.updateContext(editor)));
    this._register(
      vscode.workspace.onDidCloseTextDocument((document) => this.sessions.delete(document.uri.toString())),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const session = this.sessions.get(document.uri.toString());
    if (!session) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, {
        title: '$(send) Send Edited Hook…',
        tooltip: 'Send this request to a URL you pick (re-signed when the route has a signing secret)',
        command: 'pushpull.sendEditedHook',
        arguments: [document.uri],
      }),
    ];
  }

  /** The document of `hook`: untitled, named after the hook, one per hook (the same one is shown again). */
  private uriOf(hook: HookMeta): vscode.Uri {
    const title = `${hook.method} ${hook.path}`.replace(/[/\\]/g, '\u2215').slice(0, 60);
    return vscode.Uri.from({ scheme: 'untitled', path: `Edit and Replay ${title} (${hook.id.slice(-6)})` });
  }

  private async open(node?: unknown, nodes?: unknown): Promise<vscode.TextDocument | undefined> {
    const hook = selectedHook(this.deps, node, nodes);
    if (!hook) return undefined;
    const uri = this.uriOf(hook);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open && this.sessions.has(uri.toString())) {
      await vscode.window.showTextDocument(open);
      return open;
    }
    const body = await this.deps.push.store.readBody(hook.id);
    const shown = body && requestDocument(hook, body);
    if (!body || !shown) {
      void vscode.window.showWarningMessage(
        'Only text bodies can be edited; use Replay To… to send this one as it is.',
      );
      return undefined;
    }
    const document = open ?? (await vscode.workspace.openTextDocument(uri));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), shown.text);
    await vscode.workspace.applyEdit(edit);
    this.sessions.set(uri.toString(), { hook, body, bodyText: shown.bodyText });
    const editor = await vscode.window.showTextDocument(document);
    this.updateContext(editor);
    return document;
  }

  private async send(uri: vscode.Uri | undefined, args: unknown): Promise<unknown> {
    const session = uri && this.sessions.get(uri.toString());
    const document = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!session || !document) {
      void vscode.window.showInformationMessage(
        'Open a hook with Edit and Replay… first, then send it from its editor.',
      );
      return undefined;
    }
    let edited;
    try {
      edited = parseRequestDocument(document.getText());
    } catch (error) {
      if (!(error instanceof EditedRequestError)) throw error;
      void vscode.window.showErrorMessage(`Cannot send: ${error.message}`);
      return undefined;
    }
    const { hook } = session;
    // The body unchanged from what was shown goes out as it came, byte for byte (not re-indented).
    const bodyText = Buffer.from(edited.body).toString('utf8');
    const body = bodyText === session.bodyText ? session.body : edited.body;
    const source: ReplaySource = {
      method: edited.method,
      url: edited.url,
      path: pathOf(edited.url),
      headers: edited.headers,
      route: hook.route,
      verdict: hook.verdict,
    };
    const given = replayArgs(args);
    const checked = await staleSignature(this.deps, hook, session.body, source, body, {
      resign: given.resign,
      stale: staleArg(args),
    });
    if (!checked) return undefined;
    return replayTo(this.deps, checked.source, body, { ...given, resign: checked.resign });
  }

  private updateContext(editor: vscode.TextEditor | undefined): void {
    const editing = !!editor && this.sessions.has(editor.document.uri.toString());
    void vscode.commands.executeCommand('setContext', 'pushpull.editingHook', editing);
  }
}
