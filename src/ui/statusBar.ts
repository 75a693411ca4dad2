import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { PushSide } from './push/pushSide';

/** Shows the listener's port and the hook count; hidden while the listener is stopped. */
export class ListenerStatusBar extends Disposable {
  private readonly item = this._register(
    vscode.window.createStatusBarItem('pushpull.listener', vscode.StatusBarAlignment.Left, 50),
  );

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
    this.item.text = `$(radio-tower) PushPull :${address.port} · ${count} ${count === 1 ? 'hook' : 'hooks'}`;
    this.item.tooltip = `Listening on ${address.url}. Click to show the received webhooks.`;
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  get visible(): boolean {
    return this.push.address !== undefined;
  }
}
