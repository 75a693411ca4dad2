import * as vscode from 'vscode';
import { type Logger, systemTimers } from '../../core/clock';
import type { PushSide } from '../../core/push/session';
import { CHANNEL_USER_AGENT, maxEventBytesFor, RelayChannel, relayKeysOf } from '../../core/relay/channel';
import { withoutCredentials } from '../../core/http/credentials';
import { listenerOptions } from '../config';
import { Disposable } from '../disposable';

/** One relay connection the user made: a channel URL, and the route its hooks arrive at (none: `/`). */
export interface RelayConnection {
  readonly url: string;
  readonly route?: string;
  readonly path: string;
}

/** Kept in SecretStorage: whoever has a channel's URL can read what it relays. */
const STORED = 'pushpull.relayConnections';

/**
 * The relay channels of this window: kept across reloads, connected while the listener listens (relayed hooks
 * go through its pipeline) and disconnected when it stops, with a status bar item saying how each one is.
 */
export class Relays extends Disposable {
  private connections: RelayConnection[] = [];
  private readonly channels = new Map<string, RelayChannel>();
  private readonly item = this._register(
    vscode.window.createStatusBarItem('pushpull.relay', vscode.StatusBarAlignment.Left, 49),
  );
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** A connection was added or removed, or a channel's state changed. */
  readonly onDidChange = this.changed.event;
  readonly loaded: Promise<void>;

  constructor(
    private readonly push: PushSide,
    private readonly secrets: vscode.SecretStorage,
    private readonly logger: Logger,
  ) {
    super();
    this.item.name = 'PushPull Relay';
    this.item.command = 'pushpull.disconnectRelay';
    this._register(push.onDidChange(() => this.follow()));
    this._register({ dispose: () => this.closeAll() });
    this.loaded = this.load().then(() => this.follow());
  }

  get list(): readonly RelayConnection[] {
    return this.connections;
  }

  /** The state of a connection's channel, or `closed` while the listener is stopped. */
  stateOf(connection: RelayConnection): string {
    return this.channels.get(keyOf(connection))?.state ?? 'closed';
  }

  async add(connection: RelayConnection): Promise<void> {
    await this.loaded;
    this.connections = [...this.connections.filter((c) => keyOf(c) !== keyOf(connection)), connection];
    await this.save();
    this.follow();
  }

  async remove(connection: RelayConnection): Promise<void> {
    await this.loaded;
    this.connections = this.connections.filter((c) => keyOf(c) !== keyOf(connection));
    await this.save();
    this.follow();
  }

  /** Connects every kept connection while listening; disconnects those removed, or all when not listening. */
  private follow(): void {
    if (this.isDisposed) return;
    const listening = this.push.address !== undefined;
    const wanted = new Set(listening ? this.connections.map(keyOf) : []);
    for (const [key, channel] of this.channels) {
      if (!wanted.has(key)) {
        this.channels.delete(key);
        void channel.close();
      }
    }
    for (const connection of listening ? this.connections : []) {
      if (this.channels.has(keyOf(connection))) continue;
      const channel = new RelayChannel({
        place: { url: connection.url, path: connection.path },
        deliver: (request) => this.push.receiveRelayed(request),
        storedKeys: () => relayKeysOf(this.push.store),
        timers: systemTimers,
        logger: this.logger,
        maxEventBytes: maxEventBytesFor(listenerOptions().maxBodyBytes),
        userAgent: CHANNEL_USER_AGENT,
      });
      channel.onDidChangeState(() => this.update());
      this.channels.set(keyOf(connection), channel);
      channel.start();
    }
    this.update();
  }

  private update(): void {
    if (this.connections.length === 0) {
      this.item.hide();
      this.changed.fire();
      return;
    }
    const states = this.connections.map((c) => this.stateOf(c));
    const open = states.filter((s) => s === 'open').length;
    const listening = this.push.address !== undefined;
    this.item.text = listening
      ? `$(cloud) Relay ${open}/${this.connections.length}`
      : `$(cloud) Relay (listener stopped)`;
    const lines = this.connections.map((c, i) => {
      const problem = this.channels.get(keyOf(c))?.lastProblem;
      return `${withoutCredentials(c.url)} → ${c.path}: ${states[i]}${problem ? ` (${problem})` : ''}`;
    });
    const smee = this.connections.some((c) => isSmeeIo(c.url));
    this.item.tooltip = [
      listening ? 'Relay channels feeding the listener:' : 'Relay channels connect while the listener listens:',
      ...lines,
      ...(smee ? ['smee.io re-serialises JSON bodies: their signatures cannot verify.'] : []),
      'Click to disconnect a relay.',
    ].join('\n');
    this.item.show();
    this.changed.fire();
  }

  private async load(): Promise<void> {
    try {
      const text = await this.secrets.get(STORED);
      const value: unknown = text ? JSON.parse(text) : [];
      this.connections = Array.isArray(value) ? value.filter(isConnection) : [];
    } catch (error) {
      this.logger.warn(`Could not read the kept relay connections: ${String(error)}`);
    }
  }

  private async save(): Promise<void> {
    await this.secrets.store(STORED, JSON.stringify(this.connections));
  }

  private closeAll(): void {
    for (const channel of this.channels.values()) channel.dispose();
    this.channels.clear();
  }
}

export function isSmeeIo(url: string): boolean {
  return URL.canParse(url) && new URL(url).hostname.toLowerCase() === 'smee.io';
}

function keyOf(connection: RelayConnection): string {
  return `${connection.path} ${connection.url}`;
}

function isConnection(value: unknown): value is RelayConnection {
  if (typeof value !== 'object' || value === null) return false;
  const { url, path, route } = value as Record<string, unknown>;
  return typeof url === 'string' && typeof path === 'string' && (route === undefined || typeof route === 'string');
}
