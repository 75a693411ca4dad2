import * as vscode from 'vscode';
import type { Logger } from '../../core/clock';
import type { PushSide } from '../../core/push/session';
import { changingStore } from '../storeErrors';
import type { ListenerController } from './listenerCommands';

export interface CommandDeps {
  readonly control: ListenerController;
  readonly push: PushSide;
  readonly logger: Logger;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { control, push } = deps;
  return [
    vscode.commands.registerCommand('pushpull.startListener', () => control.start()),
    vscode.commands.registerCommand('pushpull.stopListener', () => control.stop()),
    vscode.commands.registerCommand('pushpull.showStoreLocation', () => showStoreLocation(push, deps.logger)),
    vscode.commands.registerCommand('pushpull.clearHooks', () => clearHooks(push)),
  ];
}

/** Says where hooks are kept (also in the log) and returns the folder. */
async function showStoreLocation(push: PushSide, logger: Logger): Promise<string> {
  await push.ready();
  const message = `PushPull keeps ${push.store.size} received hooks in ${push.location}`;
  logger.info(message);
  void vscode.window.showInformationMessage(message, 'Copy Path').then(async (choice) => {
    if (choice) await vscode.env.clipboard.writeText(push.location);
  });
  return push.location;
}

async function clearHooks(push: PushSide): Promise<boolean> {
  const answer = await vscode.window.showWarningMessage(
    'Delete every received webhook from disk? This cannot be undone.',
    { modal: true },
    'Delete All',
  );
  if (answer !== 'Delete All') return false;
  return (await changingStore('clear the hooks', () => push.clear().then(() => true))) ?? false;
}
