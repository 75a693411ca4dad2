import * as vscode from 'vscode';
import { changingStore } from '../storeErrors';
import type { PushSide } from '../../core/push/session';
import type { HooksView } from './hooksView';
import { targetHooks } from './selectedHook';
import { DeletedHooks } from './undoDelete';

/** Pin, Unpin and Delete (with Undo) on the clicked row, the selected rows, or hook ids (automation). */
export function registerPinDelete(push: PushSide, view: HooksView): vscode.Disposable[] {
  const deleted = new DeletedHooks(push);
  const pin = (pinned: boolean) => async (node?: unknown, nodes?: unknown) => {
    const hooks = targetHooks(push, view, node, nodes);
    if (hooks.length === 0) return 0;
    const done = await changingStore(pinned ? 'pin hooks' : 'unpin hooks', async () => {
      await push.setPinned(
        hooks.map((h) => h.id),
        pinned,
      );
      return hooks.length;
    });
    return done ?? 0;
  };
  return [
    vscode.commands.registerCommand('pushpull.pinHook', pin(true)),
    vscode.commands.registerCommand('pushpull.unpinHook', pin(false)),
    vscode.commands.registerCommand(
      'pushpull.deleteHook',
      async (node?: unknown, nodes?: unknown, confirmed?: boolean) => {
        const hooks = targetHooks(push, view, node, nodes);
        if (hooks.length === 0) return 0;
        if (hooks.length > 1 && confirmed !== true) {
          const answer = await vscode.window.showWarningMessage(
            `Delete ${hooks.length} webhooks from disk?`,
            { modal: true },
            'Delete',
          );
          if (answer !== 'Delete') return 0;
        }
        const undoable = await deleted.keep(hooks);
        const done = await changingStore('delete hooks', async () => {
          await push.delete(hooks.map((h) => h.id));
          return hooks.length;
        });
        // The command resolves once deleted; the message with Undo stays up on its own.
        if (done) void deleted.offer(done, undoable);
        return done ?? 0;
      },
    ),
    vscode.commands.registerCommand('pushpull.undoDeleteHooks', () => deleted.undo()),
  ];
}
