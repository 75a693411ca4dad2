import * as vscode from 'vscode';
import type { Logger } from '../../core/clock';
import { PushPullError } from '../../core/errors';
import { PortInUseError } from '../../core/hooks/errors';
import { nextFreePort } from '../../core/hooks/freePort';
import type { ListeningAddress } from '../../core/hooks/listener';
import { isLoopback } from '../../core/hooks/loopback';
import { listenerOptions, setListenerPort } from '../config';
import { Disposable } from '../disposable';
import type { PushSide } from '../push/pushSide';
import type { SigningSecrets } from '../signing/secrets';

const EXPOSED_HOST_WARNED = 'pushpull.exposedHostWarned';

/** Starts, stops and restarts the listener, turning failures into messages with a fix where there is one. */
export class ListenerController extends Disposable {
  constructor(
    private readonly push: PushSide,
    private readonly secrets: SigningSecrets,
    private readonly logger: Logger,
    private readonly memento: vscode.Memento,
    private readonly onChange: () => void,
  ) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        const affected =
          event.affectsConfiguration('pushpull.listener') || event.affectsConfiguration('pushpull.store');
        if (affected && this.push.address) void this.restart();
      }),
    );
  }

  async start(): Promise<ListeningAddress | undefined> {
    try {
      const options = listenerOptions();
      await this.secrets.load(options.routes.map((route) => route.name));
      const address = await this.push.start({ ...options, secretFor: this.secrets.lookup });
      await this.changed(true);
      vscode.window.setStatusBarMessage(`$(radio-tower) PushPull is listening on ${address.url}`, 5000);
      if (!isLoopback(options.host)) void this.warnExposed(options.host);
      return address;
    } catch (error) {
      await this.changed(false);
      this.logger.error(`Start failed: ${error instanceof Error ? error.message : String(error)}`);
      if (error instanceof PortInUseError) void this.offerOtherPort(error);
      else if (error instanceof PushPullError && error.code === 'INVALID_ROUTES') void this.showRoutesError(error);
      else if (error instanceof PushPullError && error.code === 'STORE_LOCKED') void this.showLocked(error);
      else void vscode.window.showErrorMessage(`PushPull could not start the listener: ${messageOf(error)}`);
      return undefined;
    }
  }

  async stop(): Promise<void> {
    await this.push.stop();
    await this.changed(false);
  }

  /** Applies changed settings; the hooks stay where they are stored. */
  private async restart(): Promise<void> {
    this.logger.info('Listener settings changed: restarting');
    await this.push.stop();
    await this.start();
  }

  private async changed(listening: boolean): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'pushpull.listening', listening);
    this.onChange();
  }

  /** Says which port is taken and offers the next free one; the start command does not wait for the answer. */
  private async offerOtherPort(error: PortInUseError): Promise<void> {
    const free = await nextFreePort(error.host, error.port);
    const actions = free === undefined ? ['Use Any Free Port'] : [`Use Port ${free}`, 'Use Any Free Port'];
    const choice = await vscode.window.showErrorMessage(
      `PushPull could not start the listener: port ${error.port} is already in use (by another program, or PushPull in another window).`,
      ...actions,
    );
    if (!choice) return;
    await setListenerPort(choice === 'Use Any Free Port' ? 0 : (free ?? 0));
    if (!this.push.address) await this.start();
  }

  private async showRoutesError(error: PushPullError): Promise<void> {
    const choice = await vscode.window.showErrorMessage(`PushPull: ${error.message}`, 'Open Settings');
    if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'pushpull.listener.routes');
  }

  private async showLocked(error: PushPullError): Promise<void> {
    await vscode.window.showErrorMessage(
      `PushPull could not start the listener: ${error.message} Only one window can listen at a time; stop the listener there (PushPull: Stop Listener) or close that window, then try again.`,
    );
  }

  private async warnExposed(host: string): Promise<void> {
    if (this.memento.get<boolean>(EXPOSED_HOST_WARNED)) return;
    await this.memento.update(EXPOSED_HOST_WARNED, true);
    void vscode.window.showWarningMessage(
      `PushPull's listener is bound to ${host}: other machines on your network can send it hooks. Set pushpull.listener.host to 127.0.0.1 to keep it local.`,
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
