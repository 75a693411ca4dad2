import * as vscode from 'vscode';
import type { Logger } from '../../core/clock';
import type { ReadOnlyDocumentProvider } from '../readOnlyDocumentProvider';
import type { EditorSessionParts } from '../requestPanel/editorSession';
import type { EnvironmentSelection } from '../requestPanel/environments';
import type { RequestPanels } from '../requestPanel/register';
import { AssertionMarks } from './assertionMarks';
import { HttpCodeLenses, SEND_ALL_COMMAND, SEND_REQUEST_COMMAND } from './codeLens';
import { HttpCompletion } from './completion';
import { HttpDiagnostics } from './diagnostics';
import { EnvironmentPicker } from './environmentPicker';
import { FileEnvironments } from './fileEnvironment';
import { HttpHover } from './hover';
import { HTTP_LANGUAGE, HTTP_SELECTOR } from './language';
import { HttpFolding, HttpOutline } from './outline';
import { ParsedHttpFiles, type ParseHttpFile } from './parsedFiles';
import { requestAt } from './ranges';
import { HttpFileSender } from './send';

/** What the `.http` file features are made with. */
export interface HttpFilesDeps {
  readonly environments: EnvironmentSelection;
  readonly parse: ParseHttpFile;
  readonly parts: EditorSessionParts;
  readonly documents: ReadOnlyDocumentProvider;
  readonly panels: RequestPanels;
  readonly logger: Logger;
}

/** Extensions that bind Ctrl/Cmd+Alt+R in `.http` files themselves: PushPull then leaves that key to them. */
const OTHER_HTTP_CLIENTS = ['humao.rest-client', 'anweber.vscode-httpyac'];

function markOtherClients(): void {
  const present = OTHER_HTTP_CLIENTS.some((id) => vscode.extensions.getExtension(id) !== undefined);
  void vscode.commands.executeCommand('setContext', 'pushpull.otherHttpClient', present);
}

/** The `.http` document a command acts on: the one given, else the active editor's. */
function targetUri(argument: unknown): vscode.Uri | undefined {
  if (argument instanceof vscode.Uri) return argument;
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === HTTP_LANGUAGE ? document.uri : undefined;
}

/** `.http` and `.rest` files in the editor, and the environment picker they share with the request panels. */
export function registerHttpFiles(deps: HttpFilesDeps): { sender: HttpFileSender; disposables: vscode.Disposable[] } {
  const files = new ParsedHttpFiles(deps.parse);
  const fileEnvironments = new FileEnvironments(deps.environments);
  const environmentFor = (document: vscode.TextDocument): ReturnType<FileEnvironments['environmentFor']> =>
    fileEnvironments.environmentFor(document);
  const picker = new EnvironmentPicker(deps.environments, () =>
    fileEnvironments.namesFor(vscode.window.activeTextEditor?.document),
  );
  const marks = new AssertionMarks();
  const sender = new HttpFileSender({
    parts: deps.parts,
    files,
    environmentFor,
    documents: deps.documents,
    showInPanel: async (exchange) => {
      await deps.panels.showExchange(exchange);
    },
    marks,
    logger: deps.logger,
  });
  const lenses = new HttpCodeLenses(files);
  const diagnostics = new HttpDiagnostics({
    files,
    environmentFor,
    onDidChangeEnvironment: deps.environments.onDidChange,
  });
  markOtherClients();
  return {
    sender,
    disposables: [
      files,
      picker,
      marks,
      sender,
      lenses,
      diagnostics,
      vscode.extensions.onDidChange(markOtherClients),
      vscode.languages.registerCodeLensProvider(HTTP_SELECTOR, lenses),
      vscode.languages.registerDocumentSymbolProvider(HTTP_SELECTOR, new HttpOutline(files)),
      vscode.languages.registerFoldingRangeProvider(HTTP_SELECTOR, new HttpFolding(files)),
      vscode.languages.registerHoverProvider(
        HTTP_SELECTOR,
        new HttpHover({ files, environmentFor, describe: (...args) => sender.describe(...args) }),
      ),
      vscode.languages.registerCompletionItemProvider(
        HTTP_SELECTOR,
        new HttpCompletion({ files, environmentFor }),
        '{',
        '$',
      ),
      vscode.commands.registerCommand(SEND_REQUEST_COMMAND, (uri?: unknown, index?: unknown) => {
        const target = targetUri(uri);
        return target && typeof index === 'number' ? sender.send(target, index) : undefined;
      }),
      vscode.commands.registerCommand(SEND_ALL_COMMAND, (uri?: unknown) => {
        const target = targetUri(uri);
        return target ? sender.send(target, 'all') : undefined;
      }),
      vscode.commands.registerCommand('pushpull.sendRequestAtCursor', () => {
        const editor = vscode.window.activeTextEditor;
        if (!editor || editor.document.languageId !== HTTP_LANGUAGE) return undefined;
        const request = requestAt(files.get(editor.document).requests, editor.selection.active.line);
        if (!request) {
          void vscode.window.showInformationMessage('Put the cursor on a request of the .http file to send it.');
          return undefined;
        }
        return sender.send(editor.document.uri, request.index);
      }),
    ],
  };
}
