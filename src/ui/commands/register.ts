import * as vscode from 'vscode';
import type { Logger } from '../../core/clock';
import type { HookMeta } from '../../core/hooks/capture';
import { compareWith, type CompareDeps, type CompareSource } from '../compare/compareWith';
import type { HookNode } from '../hooksView/hooksTree';
import type { RequestPanels } from '../requestPanel/register';
import type { PushSide } from '../push/pushSide';
import type { ListenerController } from './listenerCommands';

export interface CommandDeps {
  readonly control: ListenerController;
  readonly push: PushSide;
  readonly logger: Logger;
  readonly panels: RequestPanels;
  readonly compare: CompareDeps;
}

/** A hook given as a tree node, an id, or nothing (then the caller asks). */
export type HookArg = HookNode | string | undefined;

export async function resolveHook(push: PushSide, arg: HookArg): Promise<HookMeta | undefined> {
  if (typeof arg !== 'string') return arg?.hook;
  await push.ready();
  return push.store.get(arg);
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { control, push, panels } = deps;
  return [
    vscode.commands.registerCommand('pushpull.startListener', () => control.start()),
    vscode.commands.registerCommand('pushpull.stopListener', () => control.stop()),
    vscode.commands.registerCommand('pushpull.openRequestPanel', () => {
      panels.open();
    }),
    vscode.commands.registerCommand('pushpull.compareWith', async (arg: HookArg, other?: CompareSource | unknown[]) => {
      // From the tree with two rows selected, VS Code passes (clicked row, all selected rows).
      if (Array.isArray(other)) {
        const hooks = other.filter((n): n is HookNode => (n as HookNode)?.kind === 'hook');
        if (hooks.length === 2 && hooks[0] && hooks[1]) {
          return compareWith(deps.compare, hooks[0].hook, { kind: 'hook', id: hooks[1].hook.id });
        }
        if (hooks.length > 2) {
          void vscode.window.showWarningMessage('Select exactly two webhooks to compare them with each other.');
          return false;
        }
        return compareWith(deps.compare, await resolveHook(push, arg), undefined);
      }
      return compareWith(deps.compare, await resolveHook(push, arg), other);
    }),
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
  await push.clear();
  return true;
}
