import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/clock';
import { HttpFileRunner, type HttpFileResult } from '../../core/httpFile/runner';
import type { HttpFile, HttpRequestBlock } from '../../core/httpFile/types';
import type { PulledExchange } from '../../core/model/pulled';
import { NO_VARIABLES, type Environment } from '../../core/pull/environments';
import type { PullOutcome } from '../../core/pull/outcome';
import type { PreparedRequest } from '../../core/pull/session';
import { Disposable } from '../disposable';
import { openResponse } from '../history/responseDocument';
import { plainInMessage } from '../messageText';
import type { ReadOnlyDocumentProvider } from '../readOnlyDocumentProvider';
import { editorPullSession, type EditorSessionParts } from '../requestPanel/editorSession';
import type { AssertionMarks } from './assertionMarks';
import type { ParsedHttpFiles } from './parsedFiles';
import { requestLabel } from './ranges';
import { sendBlocked } from './trust';

export interface HttpSendDeps {
  readonly parts: EditorSessionParts;
  readonly files: ParsedHttpFiles;
  /** The environment a document's requests use now (the picked one, with its `http-client.env.json` files). */
  readonly environmentFor: (document: vscode.TextDocument) => Promise<Environment>;
  readonly documents: ReadOnlyDocumentProvider;
  /** Shows a kept answer in a request panel beside the file (the `panel` response view). */
  readonly showInPanel: (exchange: PulledExchange) => Promise<void>;
  readonly marks: AssertionMarks;
  readonly logger: Logger;
}

type Session = ReturnType<typeof editorPullSession<PreparedRequest>>;

/** The sender options a request's `# @no-redirect` / `# @no-reject-unauthorized` metadata asks for. */
function choicesOf(block: HttpRequestBlock | undefined): {
  followRedirects: boolean;
  allowInvalidCertificates: boolean;
} {
  const has = (key: string): boolean => block?.metadata.some((m) => m.key.toLowerCase() === key) ?? false;
  return { followRedirects: !has('no-redirect'), allowInvalidCertificates: has('no-reject-unauthorized') };
}

/** What one document's sends share: its session, its runner (which keeps named answers for references), state. */
interface DocumentSending {
  readonly session: Session;
  readonly runner: HttpFileRunner;
  /** The file as parsed for the latest send, the request sent at the top and the environment it uses. */
  file: HttpFile | undefined;
  top: number;
  environment: Environment;
}

/**
 * Sends the requests of `.http` files through the same pull session machinery as the request panel (one session
 * per file: a newer send from the same file replaces the one still running), with progress and Cancel; answers go
 * to the Requests history and open beside the file.
 */
export class HttpFileSender extends Disposable {
  private readonly sendings = new Map<string, DocumentSending>();

  constructor(private readonly deps: HttpSendDeps) {
    super();
    this._register({ dispose: () => [...this.sendings.values()].forEach((sending) => sending.session.dispose()) });
    this._register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        const key = document.uri.toString();
        this.sendings.get(key)?.session.dispose();
        this.sendings.delete(key);
      }),
    );
  }

  /** Sends one request (by index) or all of them, in file order; undefined when nothing was sent. */
  async send(uri: vscode.Uri, which: number | 'all'): Promise<readonly HttpFileResult[] | undefined> {
    const document = await vscode.workspace.openTextDocument(uri);
    if (sendBlocked(uri)) return undefined;
    const file = this.deps.files.get(document);
    const request = which === 'all' ? undefined : file.requests[which];
    if ((which !== 'all' && !request) || file.requests.length === 0) return undefined;
    const sending = this.sendingFor(document);
    sending.environment = await this.deps.environmentFor(document);
    sending.file = file;
    const title = request ? `Sending ${requestLabel(request)}` : `Sending ${file.requests.length} requests`;
    const indexes = which === 'all' ? file.requests.map((r) => r.index) : [which];
    const results = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: plainInMessage(title), cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => controller.abort());
        const done: HttpFileResult[] = [];
        try {
          for (const index of indexes) {
            if (controller.signal.aborted) break;
            if (indexes.length > 1) progress.report({ message: `${done.length + 1} of ${indexes.length}` });
            sending.top = index;
            done.push(await sending.runner.send(file, index, controller.signal));
          }
          return done;
        } finally {
          cancel.dispose();
        }
      },
    );
    this.deps.marks.set(
      uri,
      results.flatMap((result) => result.assertions),
    );
    await this.report(results, file);
    return results;
  }

  /** What `{{name}}` is at request `index` of the document, resolved as a send would (hovers). */
  async describe(document: vscode.TextDocument, file: HttpFile, index: number | null, name: string) {
    const sending = this.sendingFor(document);
    sending.environment = await this.deps.environmentFor(document);
    return sending.runner.describeVariable(file, index, name);
  }

  private sendingFor(document: vscode.TextDocument): DocumentSending {
    const key = document.uri.toString();
    const existing = this.sendings.get(key);
    if (existing) return existing;
    const session: Session = editorPullSession<PreparedRequest>(
      this.deps.parts,
      'httpFile',
      async (prepared) => prepared,
      (prepared) => {
        const file = sending.file;
        const named = prepared.name === undefined ? undefined : file?.requests.find((r) => r.name === prepared.name);
        return choicesOf(named ?? file?.requests[sending.top]);
      },
    );
    const sending: DocumentSending = {
      session,
      file: undefined,
      top: 0,
      environment: NO_VARIABLES,
      runner: new HttpFileRunner({
        filePath: filePathOf(document),
        environment: () => sending.environment,
        processEnv: process.env,
        readFile: async (absolute) => {
          // Nothing is read until the workspace is trusted (hovers ask too).
          if (!vscode.workspace.isTrusted) throw new Error('The workspace is not trusted.');
          return fs.readFile(absolute);
        },
        send: (prepared, signal) => sendThrough(session, prepared, signal),
      }),
    };
    this.sendings.set(key, sending);
    return sending;
  }

  /** Opens the last answer beside the file and says what failed. */
  private async report(results: readonly HttpFileResult[], file: HttpFile): Promise<void> {
    const answered = results.filter((r) => r.outcome.kind === 'answered');
    const failed = results.filter((r) => r.outcome.kind === 'failed');
    for (const result of results) {
      const { outcome } = result;
      const label = requestLabel(file.requests[result.index] ?? file.requests[0]!);
      if (outcome.kind === 'answered') {
        this.deps.logger.info(`.http: ${label} → ${outcome.exchange.response.status}`);
      } else if (outcome.kind === 'failed')
        this.deps.logger.warn(`.http: ${label} not answered (${outcome.code}): ${outcome.message}`);
    }
    const last = answered.at(-1)?.outcome;
    if (last?.kind === 'answered') await this.showAnswer(last);
    const assertions = results.flatMap((r) => r.assertions);
    const failedAssertions = assertions.filter((a) => !a.passed).length;
    if (failed.length > 0) {
      const first = failed[0]!.outcome as PullOutcome & { kind: 'failed' };
      const more = failed.length > 1 ? ` (and ${failed.length - 1} more not answered)` : '';
      const actions = first.code === 'UNRESOLVED_VARIABLES' ? ['Select Environment'] : [];
      void vscode.window
        .showWarningMessage(plainInMessage(`${first.message}${more}`), ...actions)
        .then((action) => action && vscode.commands.executeCommand('pushpull.selectEnvironment'));
    } else if (failedAssertions > 0) {
      void vscode.window.showWarningMessage(
        `${failedAssertions} of ${assertions.length} assertions failed: the ?? lines show why.`,
      );
    }
  }

  private async showAnswer(outcome: PullOutcome & { kind: 'answered' }): Promise<void> {
    const where = vscode.workspace.getConfiguration('pushpull.httpFiles').get<unknown>('responseView', 'document');
    if (where === 'panel') {
      await this.deps.showInPanel(outcome.exchange);
      return;
    }
    const history = await this.deps.parts.history();
    await openResponse(history, this.deps.documents, outcome.summary, {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
    });
  }
}

/** Sends through the file's session; the runner's signal (Cancel) cancels what the session is sending. */
async function sendThrough(session: Session, prepared: PreparedRequest, signal: AbortSignal): Promise<PullOutcome> {
  if (signal.aborted) return { kind: 'failed', code: 'CANCELLED', message: 'The request was cancelled.' };
  const cancel = (): void => session.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    return await session.send(prepared);
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/** The path relative `< ./files` are read from: the file's own, or an untitled file's workspace folder. */
export function filePathOf(document: vscode.TextDocument): string {
  if (document.uri.scheme === 'file') return document.uri.fsPath;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const base = folder?.scheme === 'file' ? folder.fsPath : os.homedir();
  return path.join(base, path.basename(document.uri.path) || 'untitled.http');
}
