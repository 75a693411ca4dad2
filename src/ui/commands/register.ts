import * as vscode from 'vscode';
import type { HookMeta } from '../../core/hooks/capture';
import type { HookStore } from '../../core/store/hookStore';
import { compareWith, type CompareDeps, type CompareSource } from '../compare/compareWith';
import { openHook } from '../hooksView/hookDocuments';
import type { HookNode } from '../hooksView/hooksTree';
import type { RequestPanels } from '../requestPanel/register';
import type { ListenerController } from './listenerCommands';

export interface CommandDeps {
  readonly control: ListenerController;
  readonly store: HookStore;
  readonly panels: RequestPanels;
  readonly compare: CompareDeps;
}

/** A hook given as a tree node, an id, or nothing (then the caller asks). */
export type HookArg = HookNode | string | undefined;

export function resolveHook(store: HookStore, arg: HookArg): HookMeta | undefined {
  if (typeof arg === 'string') return store.get(arg);
  return arg?.hook;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { control, store, panels } = deps;
  return [
    vscode.commands.registerCommand('pushpull.startListener', () => control.start()),
    vscode.commands.registerCommand('pushpull.stopListener', () => control.stop()),
    vscode.commands.registerCommand('pushpull.openRequestPanel', () => {
      panels.open();
    }),
    vscode.commands.registerCommand('pushpull.openHook', async (arg: HookArg) => {
      const hook = resolveHook(store, arg);
      if (hook) await openHook(hook);
    }),
    vscode.commands.registerCommand('pushpull.compareWith', (arg: HookArg, other?: CompareSource) =>
      compareWith(deps.compare, resolveHook(store, arg), other),
    ),
  ];
}
