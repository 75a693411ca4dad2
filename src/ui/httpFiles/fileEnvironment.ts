import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadHttpEnvironments, type HttpEnvironments } from '../../core/httpFile/environments';
import type { Environment } from '../../core/pull/environments';
import type { EnvironmentSelection } from '../requestPanel/environments';
import { filePathOf } from './send';

/**
 * The environments a `.http` document sees: in a trusted workspace `http-client.env.json` and
 * `http-client.private.env.json` from its folder up to the workspace folder over the settings (REST Client's
 * setting when PushPull's is empty); until the workspace is trusted, and in virtual workspaces, only the settings.
 */
export class FileEnvironments {
  constructor(private readonly selection: EnvironmentSelection) {}

  /** The picked environment (over `$shared`) for `document`. */
  async environmentFor(document: vscode.TextDocument): Promise<Environment> {
    const loaded = await this.load(document);
    return loaded ? loaded.select(this.selection.selectedName) : this.selection.read().environment;
  }

  /** The names of the environments `document` can use (the picker offers them). */
  async namesFor(document: vscode.TextDocument | undefined): Promise<readonly string[]> {
    if (!document) return [];
    return (await this.load(document))?.names ?? [];
  }

  private async load(document: vscode.TextDocument): Promise<HttpEnvironments | undefined> {
    if (!vscode.workspace.isTrusted || document.uri.scheme !== 'file') return undefined;
    const config = vscode.workspace.getConfiguration(undefined, document.uri);
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const filePath = filePathOf(document);
    return loadHttpEnvironments({
      filePath,
      root: folder?.uri.scheme === 'file' ? folder.uri.fsPath : path.dirname(filePath),
      setting: config.get<unknown>('pushpull.environments'),
      restClientSetting: config.get<unknown>('rest-client.environmentVariables'),
      readFile: (absolute) => fs.readFile(absolute),
    });
  }
}
