import * as vscode from 'vscode';
import type { Environment } from '../../core/pull/environments';
import type { ParsedHttpFiles } from './parsedFiles';
import { COMMON_HEADERS as PANEL_HEADERS } from '../../webview/requestPanel/headerNames';
import { requestAt } from './ranges';
import { fileDefinedNames, requestNames, SYSTEM_VARIABLES } from './variableUses';

/** The request panel's header names, and two only a `.http` file writes (`Host`; REST Client's GraphQL marker). */
const COMMON_HEADERS: readonly string[] = [...PANEL_HEADERS, 'Host', 'X-Request-Type'];

export interface HttpCompletionDeps {
  readonly files: ParsedHttpFiles;
  readonly environmentFor: (document: vscode.TextDocument) => Promise<Environment>;
}

/**
 * Completion in `.http` files: inside `{{` the file's variables, the environment's, system variables and request
 * references; at the start of a header line, common header names.
 */
export class HttpCompletion implements vscode.CompletionItemProvider {
  constructor(private readonly deps: HttpCompletionDeps) {}

  async provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): Promise<vscode.CompletionItem[] | undefined> {
    const before = document.lineAt(position.line).text.slice(0, position.character);
    const open = before.lastIndexOf('{{');
    if (open >= 0 && !before.slice(open).includes('}}')) return this.variables(document, position, open + 2);
    if (/^[A-Za-z-]*$/.test(before) && this.inHeaders(document, position.line)) return this.headers();
    return undefined;
  }

  private async variables(
    document: vscode.TextDocument,
    position: vscode.Position,
    from: number,
  ): Promise<vscode.CompletionItem[]> {
    const range = new vscode.Range(position.line, from, position.line, position.character);
    const file = this.deps.files.get(document);
    const environment = await this.deps.environmentFor(document);
    const items: vscode.CompletionItem[] = [];
    const add = (label: string, kind: vscode.CompletionItemKind, detail: string): void => {
      const item = new vscode.CompletionItem(label, kind);
      item.detail = detail;
      item.range = range;
      items.push(item);
    };
    for (const name of fileDefinedNames(file)) if (name) add(name, vscode.CompletionItemKind.Variable, 'file variable');
    const where = environment.name ? `environment "${environment.name}"` : '$shared';
    for (const name of environment.variables.keys()) add(name, vscode.CompletionItemKind.Variable, where);
    for (const name of environment.shared.keys()) {
      if (!environment.variables.has(name)) add(name, vscode.CompletionItemKind.Variable, '$shared');
    }
    for (const system of SYSTEM_VARIABLES) add(system.name, vscode.CompletionItemKind.Function, system.detail);
    for (const name of requestNames(file)) {
      add(`${name}.response.body.$`, vscode.CompletionItemKind.Reference, `the response body of request "${name}"`);
      add(`${name}.response.headers.`, vscode.CompletionItemKind.Reference, `a response header of request "${name}"`);
    }
    return items;
  }

  /** Whether `line` lies between a request line and the request's body (or its end). */
  private inHeaders(document: vscode.TextDocument, line: number): boolean {
    const request = requestAt(this.deps.files.get(document).requests, line);
    if (!request || line <= request.requestLine.end.line) return false;
    const bodyStart = request.body?.range.start.line ?? Number.POSITIVE_INFINITY;
    return line < bodyStart && line <= request.range.end.line;
  }

  private headers(): vscode.CompletionItem[] {
    return COMMON_HEADERS.map((name) => {
      const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.Property);
      item.insertText = `${name}: `;
      return item;
    });
  }
}
