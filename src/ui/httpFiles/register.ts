import type * as vscode from 'vscode';
import type { EnvironmentSelection } from '../requestPanel/environments';
import { EnvironmentPicker } from './environmentPicker';

/** What the `.http` file features are made with. */
export interface HttpFilesDeps {
  readonly environments: EnvironmentSelection;
}

/** `.http` and `.rest` files in the editor, and the environment picker they share with the request panels. */
export function registerHttpFiles(deps: HttpFilesDeps): {
  picker: EnvironmentPicker;
  disposables: vscode.Disposable[];
} {
  const picker = new EnvironmentPicker(deps.environments);
  return { picker, disposables: [picker] };
}
