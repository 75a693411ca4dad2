import * as vscode from 'vscode';
import { nextFreePort } from '../../core/hooks/freePort';
import { PortInUseError } from '../../core/hooks/errors';
import type { HookListener, ListeningAddress } from '../../core/hooks/listener';
import { listenerOptions, setListenerPort } from '../config';
import type { Logger } from '../../core/clock';

export interface ListenerControl {
  start(): Promise<ListeningAddress | undefined>;
  stop(): Promise<void>;
}

/** Starts and stops the listener, turning failures into messages with a fix where there is one. */
export function createListenerControl(listener: HookListener, logger: Logger, onChange: () => void): ListenerControl {
  const setContext = (listening: boolean): Thenable<unknown> =>
    vscode.commands.executeCommand('setContext', 'pushpull.listening', listening);

  const start = async (): Promise<ListeningAddress | undefined> => {
    const options = listenerOptions();
    try {
      const address = await listener.start(options);
      await setContext(true);
      onChange();
      vscode.window.setStatusBarMessage(`PushPull is listening on ${address.url}`, 5000);
      return address;
    } catch (error) {
      await setContext(false);
      onChange();
      logger.error(`Start failed: ${error instanceof Error ? error.message : String(error)}`);
      if (error instanceof PortInUseError) void offerOtherPort(error);
      else void vscode.window.showErrorMessage(`PushPull could not start the listener: ${String(error)}`);
      return undefined;
    }
  };

  /** Says which port is taken and offers the next free one; the start command does not wait for the answer. */
  const offerOtherPort = async (error: PortInUseError): Promise<void> => {
    const free = await nextFreePort(error.host, error.port);
    const actions = free === undefined ? ['Use Any Free Port'] : [`Use Port ${free}`, 'Use Any Free Port'];
    const choice = await vscode.window.showErrorMessage(
      `PushPull could not start the listener: port ${error.port} is already in use (another program or another VS Code window owns it).`,
      ...actions,
    );
    if (!choice) return;
    await setListenerPort(choice === 'Use Any Free Port' ? 0 : (free ?? 0));
    await start();
  };

  const stop = async (): Promise<void> => {
    await listener.stop();
    await setContext(false);
    onChange();
  };

  return { start, stop };
}
