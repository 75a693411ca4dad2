import * as vscode from 'vscode';
import { errorCode } from '../core/errors';
import { SettingError } from './config';

/**
 * Runs a change to the store for a command; a store that another window writes, or retention settings that
 * cannot be used, are said in a message (resolving undefined) instead of failing the command.
 */
export async function changingStore<T>(what: string, change: () => Promise<T>): Promise<T | undefined> {
  try {
    return await change();
  } catch (error) {
    if (errorCode(error) === 'STORE_LOCKED') void showLocked(error, what);
    else if (error instanceof SettingError) {
      void vscode.window.showErrorMessage(`PushPull could not ${what}: ${error.message}`);
    } else throw error;
    return undefined;
  }
}

/** The store is locked by another window: which one, and what to do. */
export async function showLocked(error: unknown, what: string): Promise<void> {
  await vscode.window.showErrorMessage(
    `PushPull could not ${what}: ${(error as Error).message} Only one window can listen at a time; stop the listener there (PushPull: Stop Listener) or close that window, then try again.`,
  );
}
