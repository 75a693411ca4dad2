import * as vscode from 'vscode';
import type { CapturedHook, HookMeta } from '../../core/model/hook';
import type { PushSide } from '../../core/push/session';
import { changingStore } from '../storeErrors';

/** Deletions are undoable while their bodies fit in this much memory; larger ones are not offered Undo. */
const UNDO_MAX_BYTES = 32 * 1024 * 1024;
/** Undo is offered for this long after a deletion (ms). */
export const UNDO_WINDOW_MS = 60_000;

/** The hooks of the last deletion, with their bodies, until Undo brings them back or the time is up. */
export class DeletedHooks {
  private last: { readonly hooks: CapturedHook[]; readonly at: number } | undefined;

  constructor(private readonly push: PushSide) {}

  /** Reads what is about to be deleted (bodies included); false when it is too large to keep for Undo. */
  async keep(hooks: readonly HookMeta[]): Promise<boolean> {
    this.last = undefined;
    let budget = UNDO_MAX_BYTES;
    const kept: CapturedHook[] = [];
    for (const hook of hooks) {
      budget -= hook.bodySize;
      if (budget < 0) return false;
      const body = await this.push.store.readBody(hook.id);
      if (!body) continue;
      // A stored hook's url and headers are getters: its JSON form has every field.
      const meta = (hook as HookMeta & { toJSON?: () => HookMeta }).toJSON?.() ?? hook;
      kept.push({ ...meta, body });
    }
    this.last = { hooks: kept, at: Date.now() };
    return true;
  }

  /** Stores the last deleted hooks again, within UNDO_WINDOW_MS of their deletion; resolves with how many. */
  async undo(): Promise<number> {
    const last = this.last;
    this.last = undefined;
    if (!last || Date.now() - last.at > UNDO_WINDOW_MS) {
      vscode.window.setStatusBarMessage('$(info) Nothing to undo: deleted webhooks come back only shortly after', 4000);
      return 0;
    }
    const restored = await changingStore('restore the deleted hooks', async () => {
      await this.push.restore(last.hooks);
      return last.hooks.length;
    });
    return restored ?? 0;
  }

  /** Says what was deleted, with an Undo button while the deletion can be undone. */
  async offer(count: number, undoable: boolean): Promise<void> {
    const what = `${count} ${count === 1 ? 'webhook' : 'webhooks'}`;
    if (!undoable) {
      vscode.window.setStatusBarMessage(`$(trash) Deleted ${what}`, 5000);
      return;
    }
    const choice = await vscode.window.showInformationMessage(`Deleted ${what}.`, 'Undo');
    if (choice === 'Undo') await this.undo();
  }
}
