import * as vscode from 'vscode';
import { Coalesced } from '../core/coalesced';
import { Disposable } from './disposable';
import type { PushSide } from '../core/push/session';

const UPDATE_MS = 100;

/** Shows the listener's port and the hook count; hidden while the listener is stopped. */
export class ListenerStatusBar extends Disposable {
  private readonly item = this._register(
    vscode.window.createStatusBarItem('pushpull.listener', vscode.StatusBarAlignment.Left, 50),
  );

  private unseen = 0;
  /** Hooks arriving in a burst update the item once per UPDATE_MS, not once each. */
  private readonly updateLater = this._register(new Coalesced(UPDATE_MS, () => this.update()));
  private shown = 0;
  /** The listener's address through VS Code's port forwarding, for the address it was asked for. */
  private external: { readonly local: string; readonly url: string | undefined } | undefined;

  constructor(private readonly push: PushSide) {
    super();
    this.item.name = 'PushPull Listener';
    this.item.command = 'pushpull.hooks.focus';
    this._register(push.onDidChange(() => this.updateLater.schedule()));
    this._register(push.onDidRefuse(() => this.updateLater.schedule()));
    this.update();
  }

  /** Shows the state now (listening started or stopped). */
  update(): void {
    this.updateLater.cancel();
    this.shown++;
    const address = this.push.address;
    if (!address) {
      this.item.hide();
      return;
    }
    const count = this.push.store.size;
    const fresh = this.unseen > 0 ? ` (${this.unseen} new)` : '';
    const { overRate = 0, overConnections = 0 } = this.push.refusals ?? {};
    const refused = overRate + overConnections > 0 ? ` · ${overRate + overConnections} refused` : '';
    this.item.text = `$(radio-tower) PushPull :${address.port} · ${count} ${count === 1 ? 'hook' : 'hooks'}${fresh}${refused}`;
    this.item.tooltip =
      `Listening on ${address.url}${this.reachableAs(address.url, address.port)}. Click to show the received webhooks.` +
      (refused
        ? `\nRefused since it started, and not kept: ${overRate} ${overRate === 1 ? 'hook' : 'hooks'} over pushpull.listener.maxHooksPerSecond (answered 429), ${overConnections} ${overConnections === 1 ? 'connection' : 'connections'} over pushpull.listener.maxConnections.`
        : '');
    this.item.show();
  }

  /**
   * ` (reachable from elsewhere as URL)` when VS Code forwards the port to another address (Codespaces, remote
   * workspaces, code-server), '' otherwise or while that address is being asked for (then the item updates again).
   */
  private reachableAs(local: string, port: number): string {
    if (this.external?.local !== local) {
      this.external = { local, url: undefined };
      void vscode.env.asExternalUri(vscode.Uri.parse(`http://127.0.0.1:${port}/`)).then(
        (uri) => {
          if (this.external?.local !== local) return;
          this.external = { local, url: uri.toString(true) };
          this.update();
        },
        () => undefined,
      );
      return '';
    }
    const url = this.external.url;
    return url && url.replace(/\/$/, '') !== `http://127.0.0.1:${port}` ? ` (reachable from elsewhere as ${url})` : '';
  }

  /** Hooks that arrived while the Webhooks view was hidden. */
  setUnseen(count: number): void {
    this.unseen = count;
    this.update();
  }

  /** How many times the item was updated (each update is a message to VS Code's window). */
  get updates(): number {
    return this.shown;
  }

  get text(): string {
    if (this.updateLater.pending) this.update();
    return this.item.text;
  }

  get tooltip(): string {
    if (this.updateLater.pending) this.update();
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : '';
  }

  get visible(): boolean {
    return this.push.address !== undefined;
  }
}
