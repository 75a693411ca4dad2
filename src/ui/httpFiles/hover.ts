import * as vscode from 'vscode';
import type { HttpFile } from '../../core/httpFile/types';
import type { Environment } from '../../core/pull/environments';
import type { ParsedHttpFiles } from './parsedFiles';
import { requestAt } from './ranges';
import { sendableScheme } from './trust';
import { SYSTEM_VARIABLES, usesInLine } from './variableUses';

/** Longest value shown in a hover. */
const MAX_SHOWN = 500;
export const MASKED = '•••';

/** What a variable is, as a hover says it. */
export interface VariableDescription {
  readonly value: string;
  readonly source: string;
  readonly secret: boolean;
}

export interface HttpHoverDeps {
  readonly files: ParsedHttpFiles;
  /** The runner's answer (value resolved, where it came from, whether secret); only asked in a trusted workspace. */
  readonly describe: (
    document: vscode.TextDocument,
    file: HttpFile,
    index: number | null,
    name: string,
  ) => Promise<VariableDescription | undefined>;
  readonly environmentFor: (document: vscode.TextDocument) => Promise<Environment>;
}

/** What a variable is without resolving anything (Restricted Mode): the file's own text or the settings' value. */
function unresolved(file: HttpFile, environment: Environment, name: string): VariableDescription | undefined {
  const variable = [...file.variables].reverse().find((v) => v.name === name);
  if (variable) return { value: variable.value, source: 'a file variable (as written)', secret: false };
  const own = environment.variables.get(name);
  const secret = environment.secrets?.has(name) ?? false;
  if (own !== undefined) return { value: own, source: `the environment "${environment.name}"`, secret };
  const shared = environment.shared.get(name);
  if (shared !== undefined) return { value: shared, source: '$shared', secret };
  return undefined;
}

/** A hover over `{{name}}`: its value (masked when secret) and where it comes from. */
export class HttpHover implements vscode.HoverProvider {
  constructor(private readonly deps: HttpHoverDeps) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const use = usesInLine(document.lineAt(position.line).text, position.line).find(
      (u) => u.start <= position.character && position.character < u.end,
    );
    if (!use) return undefined;
    const range = new vscode.Range(use.line, use.start, use.line, use.end);
    const markdown = new vscode.MarkdownString();
    const system = SYSTEM_VARIABLES.find((s) => s.name === use.name);
    if (system) {
      markdown.appendText(`${system.name}: ${system.detail} (made when the request is sent).`);
      return new vscode.Hover(markdown, range);
    }
    const file = this.deps.files.get(document);
    const index = requestAt(file.requests, position.line)?.index ?? null;
    const trusted = vscode.workspace.isTrusted && sendableScheme(document.uri);
    const described = trusted
      ? await this.deps.describe(document, file, index, use.name)
      : unresolved(file, await this.deps.environmentFor(document), use.name);
    if (!described) {
      markdown.appendText(`{{${use.name}}} is not defined here.`);
      return new vscode.Hover(markdown, range);
    }
    const value = described.secret ? MASKED : described.value;
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    // Values are text: appendText escapes Markdown, so a value never becomes a link or markup.
    markdown.appendText(`{{${use.name}}} = ${shown}`);
    markdown.appendMarkdown('\n\n');
    markdown.appendText(
      `From ${described.source}${described.secret ? ' (secret: not shown)' : ''}${trusted ? '' : '. Not resolved until the workspace is trusted.'}`,
    );
    return new vscode.Hover(markdown, range);
  }
}
