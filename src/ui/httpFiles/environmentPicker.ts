import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { EnvironmentSelection } from '../requestPanel/environments';
import { HTTP_LANGUAGE } from './language';

/** More environment names to offer besides the settings' (those of `http-client.env.json` files), if any. */
export type MoreEnvironmentNames = () => Promise<readonly string[]>;

interface EnvironmentItem extends vscode.QuickPickItem {
  readonly environment: string;
}

/**
 * The environment picker shared by the request panels and `.http` files: a status bar item (shown while a `.http`
 * file is in the editor, or when environments are defined) and the command PushPull: Select Environment.
 */
export class EnvironmentPicker extends Disposable {
  private readonly item = this._register(
    vscode.window.createStatusBarItem('pushpull.environment', vscode.StatusBarAlignment.Right, 100),
  );

  constructor(
    private readonly selection: EnvironmentSelection,
    private readonly moreNames: MoreEnvironmentNames = async () => [],
  ) {
    super();
    this.item.name = 'PushPull Environment';
    this.item.command = 'pushpull.selectEnvironment';
    this._register(selection.onDidChange(() => this.update()));
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(
      vscode.commands.registerCommand('pushpull.selectEnvironment', (name?: unknown) =>
        typeof name === 'string' ? this.select(name) : this.pick(),
      ),
    );
    this.update();
  }

  /** What the item says now (for tests): its text, or undefined while hidden. */
  get shownText(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private visible = false;

  private update(): void {
    const { names } = this.selection.read();
    const selected = this.selection.selectedName;
    const httpFile = vscode.window.activeTextEditor?.document.languageId === HTTP_LANGUAGE;
    this.item.text = `$(server-environment) ${selected || 'No Environment'}`;
    this.item.tooltip = selected
      ? `PushPull requests use the variables of "${selected}" over $shared. Click to pick another environment.`
      : 'PushPull requests use only $shared variables. Click to pick an environment.';
    this.visible = httpFile || names.length > 0;
    if (this.visible) this.item.show();
    else this.item.hide();
  }

  private async select(name: string): Promise<string> {
    await this.selection.select(name);
    return this.selection.selectedName;
  }

  /** Asks which environment to use; resolves with the one picked, or undefined when the pick was dismissed. */
  private async pick(): Promise<string | undefined> {
    const { names } = this.selection.read();
    const selected = this.selection.selectedName;
    const all = [...new Set([...names, ...(await this.moreNames())])];
    const items: EnvironmentItem[] = [
      { label: 'No Environment', description: 'only $shared', environment: '' },
      ...all.map((name) => ({ label: name, environment: name })),
    ].map((item) => (item.environment === selected ? { ...item, detail: 'selected now', picked: true } : item));
    const chosen = await vscode.window.showQuickPick(items, {
      title: 'PushPull: Select Environment',
      placeHolder: all.length
        ? 'The environment whose variables requests and .http files use in this workspace'
        : 'No environments are defined: add them to the setting pushpull.environments or an http-client.env.json file',
    });
    if (!chosen) return undefined;
    return this.select(chosen.environment);
  }
}
