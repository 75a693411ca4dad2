import * as vscode from 'vscode';
import { readEnvironments as parseEnvironments, type Environment } from '../../core/pull/environments';
import { Disposable } from '../disposable';

const SECTION = 'pushpull';

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

/** Reads `pushpull.environments` (REST Client's shape with `$shared`) and `pushpull.environment`. */
export function readEnvironments(): EnvironmentSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const all = parseEnvironments(config.get<unknown>('environments', {}));
  const chosen = config.get<unknown>('environment', '');
  const selected = typeof chosen === 'string' && all.names.includes(chosen) ? chosen : '';
  const problems = [...all.problems];
  if (typeof chosen === 'string' && chosen !== '' && selected === '') {
    problems.push(`The selected environment "${chosen}" is not in pushpull.environments; only $shared applies.`);
  }
  return { names: all.names, selected, environment: all.select(selected), problems };
}

/** Selects an environment for this workspace ('' for none), or for the user when no folder is open. */
export async function selectEnvironment(name: string): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SECTION).update('environment', name === '' ? undefined : name, target);
}

/** Fires when the environments or the selection change in the settings. */
export class EnvironmentWatch extends Disposable {
  private readonly emitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.emitter.event;

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('pushpull.environments') || event.affectsConfiguration('pushpull.environment')) {
          this.emitter.fire();
        }
      }),
    );
  }
}
