import * as vscode from 'vscode';
import type { HookMeta } from '../../core/model/hook';
import type { PushSide } from '../../core/push/session';
import type { HooksView } from './hooksView';
import type { HookRow, HookTreeNode } from './rows';
import { hookInMessage } from '../messageText';

/** Where a hook command finds its hooks: the stored hooks and the Webhooks view's selection. */
export interface HookSelection {
  readonly push: PushSide;
  readonly view: HooksView;
}

/** A command acting on one hook and its body, as the Webhooks view's per-hook actions are. */
export type HookAction = (hook: HookMeta, body: Uint8Array, arg?: unknown) => Promise<unknown>;

/**
 * The hooks a command acts on: the clicked row (or all selected rows), a hook id (for automation), else the
 * view's selection. The view's keys pass the row that has the keyboard focus (`$focusedTreeItem`), selected or
 * not: it stands for the whole selection when it is part of it, as in the Explorer.
 */
export function targetHooks(push: PushSide, view: HooksView, node?: unknown, nodes?: unknown): HookMeta[] {
  const pick = (list: readonly unknown[]): HookMeta[] =>
    list.flatMap((n) => {
      if (typeof n === 'string') return push.store.get(n) ?? [];
      return (n as HookTreeNode)?.kind === 'hook' ? [(n as HookRow).hook] : [];
    });
  if (Array.isArray(nodes) && nodes.length > 0) return pick(nodes);
  const selected = pick(view.view.selection);
  const [given] = node ? pick([node]) : [];
  if (!given) return selected;
  return selected.some((hook) => hook.id === given.id) ? selected : [given];
}

/** The one hook a command acts on (as `targetHooks` finds it); when there is none, asks the user to select one. */
export function selectedHook({ push, view }: HookSelection, node?: unknown, nodes?: unknown): HookMeta | undefined {
  const [hook] = targetHooks(push, view, node, nodes);
  if (!hook) void vscode.window.showInformationMessage('Select a webhook in the PushPull view first.');
  return hook;
}

/** The hook's stored body; a warning says so when it is no longer stored. */
export async function bodyOf(push: PushSide, hook: HookMeta): Promise<Uint8Array | undefined> {
  const body = await push.store.readBody(hook.id);
  if (!body) void vscode.window.showWarningMessage(`${hookInMessage(hook)} is no longer stored.`);
  return body;
}

/**
 * A command handler that runs `action` on the selected hook and its body. Commands take (clicked row, selected
 * rows, …arguments for automation such as a target).
 */
export function onSelectedHook(
  selection: HookSelection,
  action: HookAction,
): (node?: unknown, nodes?: unknown, arg?: unknown) => Promise<unknown> {
  return async (node?: unknown, nodes?: unknown, arg?: unknown): Promise<unknown> => {
    const hook = selectedHook(selection, node, nodes);
    if (!hook) return undefined;
    const body = await bodyOf(selection.push, hook);
    return body && action(hook, body, arg);
  };
}
