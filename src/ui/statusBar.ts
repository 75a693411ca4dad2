import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { PushSide } from './push/pushSide';

/** Shows the listener's port and the hook count; hidden while the listener is stopped. */
export class ListenerStatusBar extends Disposable {
  private readonly item = this._register(
    vscode.window.createStatusBarItem('pushpull.listener', vscode.StatusBarAlignment.Left, 50),
  );

  private unseen = 0;

  constructor(private readonly push: PushSide) {
    super();
    this.item.name = 'PushPull Listener';
    this.item.command = 'pushpull.hooks.focus';
    this._register(push.onDidChange(() => this.update()));
    this.update();
  }

  update(): void {
    const address = this.push.address;
    if (!address) {
      this.item.hide();
      return;
    }
    const count = this.push.store.size;
    const fresh = this.unseen > 0 ? ` (${this.unseen} new)` : '';
    this.item.text = `$(radio-tower) PushPull :${address.port} · ${count} ${count === 1 ? 'hook' : 'hooks'}${fresh}`;
    this.item.tooltip = `Listening on ${address.url}. Click to show the received webhooks.`;
    this.item.show();
  }

  /** Hooks that arrived while the Webhooks view was hidden. */
  setUnseen(count: number): void {
    this.unseen = count;
    this.update();
  }

  get text(): string {
    return this.item.text;
  }

  get visible(): boolean {
    return this.push.address !== undefined;
  }
}
