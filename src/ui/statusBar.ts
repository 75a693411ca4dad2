import * as vscode from 'vscode';
import type { HookListener } from '../core/hooks/listener';
import type { HookStore } from '../core/store/hookStore';
import { Disposable } from './disposable';

/** Shows the listener's port and the hook count; hidden while the listener is stopped. */
export class ListenerStatusBar extends Disposable {
  private readonly item = this._register(
    vscode.window.createStatusBarItem('pushpull.listener', vscode.StatusBarAlignment.Left, 50),
  );

  constructor(
    private readonly listener: HookListener,
    private readonly store: HookStore,
  ) {
    super();
    this.item.name = 'PushPull Listener';
    this.item.command = 'pushpull.hooks.focus';
    this._register(listener.onDidReceive(() => this.update()));
    this.update();
  }

  update(): void {
    const address = this.listener.address;
    if (!address) {
      this.item.hide();
      return;
    }
    const count = this.store.size;
    this.item.text = `$(radio-tower) PushPull :${address.port} · ${count} ${count === 1 ? 'hook' : 'hooks'}`;
    this.item.tooltip = `Listening on ${address.url}. Click to show the received webhooks.`;
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  get visible(): boolean {
    return this.listener.address !== undefined;
  }
}
