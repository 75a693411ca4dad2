import * as vscode from 'vscode';
import { defaultListenerOptions, type ListenerOptions } from '../core/hooks/listener';

export function listenerOptions(): ListenerOptions {
  const config = vscode.workspace.getConfiguration('pushpull.listener');
  return {
    ...defaultListenerOptions,
    port: config.get<number>('port', defaultListenerOptions.port),
  };
}

export function autoStartEnabled(): boolean {
  return vscode.workspace.getConfiguration('pushpull.listener').get<boolean>('autoStart', false);
}

export async function setListenerPort(port: number): Promise<void> {
  await vscode.workspace.getConfiguration('pushpull.listener').update('port', port, vscode.ConfigurationTarget.Global);
}
