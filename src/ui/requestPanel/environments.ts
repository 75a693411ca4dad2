import * as vscode from 'vscode';
import { readEnvironments as parseEnvironments, type Environment } from '../../core/pull/environments';
import { Disposable } from '../disposable';

const SECTION = 'pushpull';
/** The workspaceState key of the environment picked in this workspace. */
const SELECTED_KEY = 'pushpull.environment';

/** What the settings say: the environments to pick from, the selected one, and what PushPull left out. */
export interface EnvironmentSettings {
  /** Environment names to pick from (without `$shared`), in the order they are written. */
  readonly names: readonly string[];
  /** '' when none is selected, or the selected one is not defined (only `$shared` applies). */
  readonly selected: string;
  /** The variables a request sees: the selected environment's, then `$shared`'s. */
  readonly environment: Environment;
  /** Sentences naming what was left out (a value that is not text, an unknown selection). */
  readonly problems: readonly string[];
}

/**
 * The one place the request panels, `.http` files and the status bar read and pick the environment: the names come
 * from `pushpull.environments` (REST Client's shape with `$shared`), the selection is kept per workspace
 * (workspaceState), falling back to the `pushpull.environment` setting until one is picked.
 */
export class EnvironmentSelection extends Disposable {
  private readonly emitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when the environments or the selection change. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly state: vscode.Memento) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('pushpull.environments') || event.affectsConfiguration('pushpull.environment')) {
          this.emitter.fire();
        }
      }),
    );
  }

  /** The name picked in this workspace ('' for none), or the setting's when nothing was picked here. */
  get selectedName(): string {
    const picked = this.state.get<unknown>(SELECTED_KEY);
    if (typeof picked === 'string') return picked;
    const chosen = vscode.workspace.getConfiguration(SECTION).get<unknown>('environment', '');
    return typeof chosen === 'string' ? chosen : '';
  }

  /** The environments in the settings and the selected one over `$shared`. */
  read(): EnvironmentSettings {
    const all = parseEnvironments(vscode.workspace.getConfiguration(SECTION).get<unknown>('environments', {}));
    const chosen = this.selectedName;
    const selected = all.names.includes(chosen) ? chosen : '';
    const problems = [...all.problems];
    if (chosen !== '' && selected === '') {
      problems.push(`The selected environment "${chosen}" is not in pushpull.environments; only $shared applies.`);
    }
    return { names: all.names, selected, environment: all.select(selected), problems };
  }

  /** Picks `name` for this workspace ('' for none; undefined: back to the `pushpull.environment` setting). */
  async select(name: string | undefined): Promise<void> {
    await this.state.update(SELECTED_KEY, name);
    this.emitter.fire();
  }
}
