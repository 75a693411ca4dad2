import * as vscode from 'vscode';
import type { HookMeta } from '../../core/model/hook';
import { utf8Text } from '../../core/export/shared';
import { hookBodyLanguage } from '../../core/render/hookDocument';
import { Disposable } from '../disposable';
import { type HookCommandDeps, targetHooks } from './hookCommands';
import { replayArgs, replayTo } from './replay';

const LANGUAGE_IDS = { json: 'json', xml: 'xml', form: 'properties', plaintext: 'plaintext' } as const;

/**
 * Edit and Replay: a hook's body opens in an editable document; "Send Edited Hook…" sends the edited text
 * with the original method and headers, re-signed for the new body when the route has a secret.
 */
export class EditAndReplay extends Disposable {
  /** Editable document → the hook it came from. */
  private readonly sessions = new Map<string, HookMeta>();

  constructor(private readonly deps: HookCommandDeps) {
    super();
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
    this._register(vscode.window.onDidChangeActiveTextEditor((editor) => this.updateContext(editor)));
    this._register(
      vscode.workspace.onDidCloseTextDocument((document) => this.sessions.delete(document.uri.toString())),
    );
  }

  private async open(node?: unknown, nodes?: unknown): Promise<vscode.TextDocument | undefined> {
    const [hook] = targetHooks(this.deps.push, this.deps.view, node, nodes);
    if (!hook) {
      void vscode.window.showInformationMessage('Select a webhook in the PushPull view first.');
      return undefined;
    }
    const body = await this.deps.push.store.readBody(hook.id);
    const text = body && utf8Text(body);
    if (text === undefined) {
      void vscode.window.showWarningMessage(
        'Only text bodies can be edited; use Replay To… to send this one as it is.',
      );
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument({
      content: text,
      language: LANGUAGE_IDS[hookBodyLanguage(hook)],
    });
    this.sessions.set(document.uri.toString(), hook);
    const editor = await vscode.window.showTextDocument(document);
    this.updateContext(editor);
    vscode.window.setStatusBarMessage(
      `$(edit) Edit the body of ${hook.method} ${hook.path}, then Send Edited Hook… in the editor title`,
      8000,
    );
    return document;
  }

  private async send(uri: vscode.Uri | undefined, args: unknown): Promise<unknown> {
    const hook = uri && this.sessions.get(uri.toString());
    const document = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!hook || !document) {
      void vscode.window.showInformationMessage(
        'Open a hook with Edit and Replay… first, then send it from its editor.',
      );
      return undefined;
    }
    return replayTo(this.deps, hook, Buffer.from(document.getText(), 'utf8'), replayArgs(args));
  }

  private updateContext(editor: vscode.TextEditor | undefined): void {
    const editing = !!editor && this.sessions.has(editor.document.uri.toString());
    void vscode.commands.executeCommand('setContext', 'pushpull.editingHook', editing);
  }
}
