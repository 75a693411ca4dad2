import * as vscode from 'vscode';
import type { Logger } from '../../core/clock';
import { PortInUseError } from '../../core/hooks/errors';
import { nextFreePort } from '../../core/hooks/freePort';
import type { ListenerOptions, ListeningAddress } from '../../core/hooks/listener';
import { isLoopback } from '../../core/hooks/loopback';
import {
  autoStartEnabled,
  ignoredWorkspaceSettings,
  listenerOptions,
  retentionLimits,
  setListenerPort,
} from '../config';
import {
  codeOf,
  exposedHostMessage,
  KEPT_LISTENING,
  portInUseMessage,
  settingOf,
  startFailedMessage,
} from '../messageText';
import { showLocked } from '../storeErrors';
import { Disposable } from '../disposable';
import { ListenerMessages } from './listenerMessages';
import type { PushSide } from '../../core/push/session';
import type { SigningSecrets } from '../signing/secrets';

/** Kept in the workspace's state: the warning comes once in each workspace that binds elsewhere than loopback. */
const EXPOSED_HOST_WARNED = 'pushpull.exposedHostWarned';

/**
 * Kept in the workspace's state: a Start Listener command last turned it on here, and no Stop Listener since,
 * so that a reloaded window listens again.
 */
const WAS_LISTENING = 'pushpull.wasListening';

/** Starts, stops and restarts the listener, turning failures into messages with a fix where there is one. */
export class ListenerController extends Disposable {
  /** Started or stopped by a command in this window: auto-start no longer applies. */
  private commanded = false;
  /** The messages it shows; PushPull's tests watch and answer them here. */
  readonly messages = this._register(new ListenerMessages());

  constructor(
    private readonly push: PushSide,
    private readonly secrets: SigningSecrets,
    private readonly logger: Logger,
    /** The workspace's state. */
    private readonly workspaceState: vscode.Memento,
    private readonly onChange: () => void,
  ) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        // Also while a start is on its way: the change is applied once it has started.
        if (APPLIED_SETTINGS.some((setting) => event.affectsConfiguration(setting))) void this.reconfigure();
      }),
    );
    // The workspace's own values of the trusted-only settings count from now on.
    this._register(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        void this.reconfigure();
        void this.autoStart();
      }),
    );
  }

  /**
   * Starts listening when `pushpull.listener.autoStart` is on, or when the listener was on in this workspace
   * before the window reloaded (started by a command and not stopped since), unless a command started or
   * stopped it already in this window.
   */
  autoStart(): Promise<ListeningAddress | undefined> {
    if (!this.commanded && !this.push.address && (autoStartEnabled() || this.restartsAfterReload)) {
      return this.begin();
    }
    return Promise.resolve(undefined);
  }

  /** Whether the listener was on in this workspace when its window last closed or reloaded. */
  get restartsAfterReload(): boolean {
    return this.workspaceState.get<boolean>(WAS_LISTENING) === true;
  }

  async start(): Promise<ListeningAddress | undefined> {
    this.commanded = true;
    const address = await this.begin();
    if (address) await this.workspaceState.update(WAS_LISTENING, true);
    return address;
  }

  private async begin(): Promise<ListeningAddress | undefined> {
    try {
      return await this.started(await this.push.start(() => this.options()));
    } catch (error) {
      await this.changed(this.push.address !== undefined);
      this.failed(error);
      return undefined;
    }
  }

  /**
   * Applies changed settings while listening, keeping the store open and letting requests in progress finish.
   * Settings that cannot be used leave the listener running as it was, and say so.
   */
  private async reconfigure(): Promise<void> {
    try {
      const address = await this.push.reconfigure(async () => {
        const options = await this.options();
        const retention = retentionLimits();
        this.logger.info('Listener settings changed: applying them');
        return { options, retention };
      });
      if (address) await this.started(address);
    } catch (error) {
      await this.changed(this.push.address !== undefined);
      if (!this.push.address) this.failed(error);
      else {
        this.logger.error(`Settings not applied: ${messageOf(error)}`);
        if (error instanceof PortInUseError) void this.offerOtherPort(error);
        else void this.showSettingError(error, KEPT_LISTENING);
      }
    }
  }

  /** The listener options from the settings, with the signing secrets of their routes loaded. */
  private async options(): Promise<ListenerOptions> {
    const ignored = ignoredWorkspaceSettings();
    if (ignored.length > 0) {
      this.logger.warn(
        `This workspace is not trusted: its own values of ${ignored.join(', ')} are ignored (your user settings apply) until you trust it.`,
      );
    }
    const options = listenerOptions();
    await this.secrets.load(options.routes.map((route) => route.name));
    return { ...options, secretFor: this.secrets.lookup };
  }

  private async started(address: ListeningAddress): Promise<ListeningAddress> {
    await this.changed(true);
    vscode.window.setStatusBarMessage(`$(radio-tower) PushPull is listening on ${address.url}`, 5000);
    // Awaited up to the warning being shown (not answered), so a start is done once it has warned.
    if (!isLoopback(address.host)) await this.warnExposed(address.host);
    return address;
  }

  /** Says why the listener could not start, with a way to fix it where there is one. */
  private failed(error: unknown): void {
    this.logger.error(`Start failed: ${messageOf(error)}`);
    if (error instanceof PortInUseError) void this.offerOtherPort(error);
    else if (settingOf(error)) void this.showSettingError(error, 'PushPull could not start the listener: ');
    else if (codeOf(error) === 'STORE_LOCKED') void showLocked(error, 'start the listener');
    else void this.messages.show('error', startFailedMessage(error));
  }

  async stop(): Promise<void> {
    this.commanded = true;
    await this.workspaceState.update(WAS_LISTENING, undefined);
    await this.push.stop();
    await this.changed(false);
  }

  private async changed(listening: boolean): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'pushpull.listening', listening);
    this.onChange();
  }

  /** Says which port is taken and offers the next free one; the start command does not wait for the answer. */
  private async offerOtherPort(error: PortInUseError): Promise<void> {
    const free = await nextFreePort(error.host, error.port);
    const actions = free === undefined ? ['Use Any Free Port'] : [`Use Port ${free}`, 'Use Any Free Port'];
    const listening = this.push.address !== undefined;
    const choice = await this.messages.show('error', portInUseMessage(error.port, listening), ...actions);
    if (!choice) return;
    // Listening, the new port applies as a settings change; stopped meanwhile, it stays stopped.
    await setListenerPort(choice === 'Use Any Free Port' ? 0 : (free ?? 0));
    if (!listening) await this.start();
  }

  /** Says what is wrong; a setting that names itself gets *Open Settings* at it. */
  private async showSettingError(error: unknown, prefix: string): Promise<void> {
    const setting = settingOf(error);
    const message = `${prefix}${messageOf(error)}`;
    const choice = setting
      ? await this.messages.show('error', message, 'Open Settings')
      : await this.messages.show('error', message);
    if (choice && setting) await vscode.commands.executeCommand('workbench.action.openSettings', setting);
  }

  private async warnExposed(host: string): Promise<void> {
    if (this.workspaceState.get<boolean>(EXPOSED_HOST_WARNED)) return;
    await this.workspaceState.update(EXPOSED_HOST_WARNED, true);
    void this.messages.show('warning', exposedHostMessage(host));
  }
}

/** Settings that the running listener applies when they change (`autoStart` matters only at start-up). */
const APPLIED_SETTINGS = [
  'pushpull.listener.host',
  'pushpull.listener.port',
  'pushpull.listener.maxBodyBytes',
  'pushpull.listener.routes',
  'pushpull.listener.maxConnections',
  'pushpull.listener.maxHooksPerSecond',
  'pushpull.store',
];

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
