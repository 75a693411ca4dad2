import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HttpFile } from '../../core/httpFile/types';
import type { Environment } from '../../core/pull/environments';
import { Disposable } from '../disposable';
import { HTTP_LANGUAGE } from './language';
import type { ParsedHttpFiles } from './parsedFiles';
import { toRange } from './ranges';
import { filePathOf } from './send';
import { sendableScheme } from './trust';
import { fileDefinedNames, isKnown, requestNames, variableUses } from './variableUses';

/** How long typing pauses before a file's problems are worked out again. */
const DEBOUNCE_MS = 250;
/** Most `< ./file` references checked on disk per file. */
const MAX_FILE_CHECKS = 500;
/** Most unknown-variable warnings per file. */
const MAX_UNKNOWN = 1000;

export const DIAGNOSTIC_SOURCE = 'PushPull';

/** What the diagnostics read besides the parsed file. */
export interface HttpDiagnosticsDeps {
  readonly files: ParsedHttpFiles;
  /** The environment of a document (only the settings' until the workspace is trusted). */
  readonly environmentFor: (document: vscode.TextDocument) => Promise<Environment>;
  /** Fires when the environments or the picked one change. */
  readonly onDidChangeEnvironment: vscode.Event<void>;
}

/**
 * The Problems of `.http` files: what the parser found (with its ranges), `{{names}}` nothing defines, and
 * `< ./files` that are not there (checked only in a trusted workspace, on disk).
 */
export class HttpDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('pushpull-http'));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Each document's latest run: an older one that ends later does not overwrite it. */
  private readonly runs = new Map<string, number>();

  constructor(private readonly deps: HttpDiagnosticsDeps) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)));
    this._register(
      vscode.workspace.onDidCloseTextDocument((document) => {
        const key = document.uri.toString();
        clearTimeout(this.timers.get(key));
        this.timers.delete(key);
        this.runs.delete(key);
        this.collection.delete(document.uri);
      }),
    );
    this._register(deps.onDidChangeEnvironment(() => this.refreshAll()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshAll()));
    this._register({ dispose: () => this.timers.forEach((timer) => clearTimeout(timer)) });
    this.refreshAll();
  }

  private refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (document.languageId !== HTTP_LANGUAGE) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.refresh(document).catch(() => undefined);
      }, delay),
    );
  }

  /** Works out the document's problems now. */
  async refresh(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const run = (this.runs.get(key) ?? 0) + 1;
    this.runs.set(key, run);
    const version = document.version;
    const file = this.deps.files.get(document);
    const diagnostics = file.problems.map((problem) => {
      const severity =
        problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
      const diagnostic = new vscode.Diagnostic(toRange(problem.range), problem.message, severity);
      diagnostic.code = problem.code;
      diagnostic.source = DIAGNOSTIC_SOURCE;
      return diagnostic;
    });
    diagnostics.push(...this.unknownVariables(document, file, await this.deps.environmentFor(document)));
    diagnostics.push(...(await this.missingFiles(document, file)));
    if (this.runs.get(key) !== run || document.isClosed || document.version !== version) return;
    this.collection.set(document.uri, diagnostics);
  }

  private unknownVariables(
    document: vscode.TextDocument,
    file: HttpFile,
    environment: Environment,
  ): vscode.Diagnostic[] {
    const known = fileDefinedNames(file);
    for (const name of environment.variables.keys()) known.add(name);
    for (const name of environment.shared.keys()) known.add(name);
    const requests = requestNames(file);
    const where = environment.name
      ? `the environment "${environment.name}", $shared`
      : '$shared (no environment is selected)';
    const diagnostics: vscode.Diagnostic[] = [];
    for (const use of variableUses(file, (line) => document.lineAt(line).text, document.lineCount)) {
      if (isKnown(use.name, known, requests)) continue;
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(use.line, use.start, use.line, use.end),
        `{{${use.name}}} is not defined in this file, ${where} or an http-client.env.json file.`,
        vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.code = 'UNKNOWN_VARIABLE';
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostics.push(diagnostic);
      if (diagnostics.length >= MAX_UNKNOWN) break;
    }
    return diagnostics;
  }

  /** `< ./file` bodies whose file is not there; nothing is read in an untrusted or virtual workspace. */
  private async missingFiles(document: vscode.TextDocument, file: HttpFile): Promise<vscode.Diagnostic[]> {
    if (!vscode.workspace.isTrusted || !sendableScheme(document.uri)) return [];
    const folder = path.dirname(filePathOf(document));
    const parts = file.requests
      .flatMap((request) => request.body?.parts ?? [])
      .flatMap((part) => (part.kind === 'file' && !part.path.includes('{{') ? [part] : []))
      .slice(0, MAX_FILE_CHECKS);
    const missing = await Promise.all(
      parts.map(async (part) => {
        const full = path.resolve(folder, part.path);
        const found = await fs.stat(full).then(
          (stat) => stat.isFile(),
          () => false,
        );
        return found ? undefined : { part, full };
      }),
    );
    return missing.flatMap((entry) => {
      if (!entry) return [];
      const diagnostic = new vscode.Diagnostic(
        toRange(entry.part.range),
        `File not found: ${entry.full}`,
        vscode.DiagnosticSeverity.Error,
      );
      diagnostic.code = 'MISSING_FILE';
      diagnostic.source = DIAGNOSTIC_SOURCE;
      return [diagnostic];
    });
  }
}
