import * as vscode from 'vscode';
import { lockedMessage, storeChangeMessage } from './messageText';

/**
 * Runs a change to the store for a command; a store that another window writes, or retention settings that
 * cannot be used, are said in a message (resolving undefined) instead of failing the command.
 */
export async function changingStore<T>(what: string, change: () => Promise<T>): Promise<T | undefined> {
  try {
    return await change();
  } catch (error) {
    const message = storeChangeMessage(what, error);
    if (message === undefined) throw error;
    void vscode.window.showErrorMessage(message);
    return undefined;
  }
}

/** The store is locked by another window: which one, and what to do. */
export async function showLocked(error: unknown, what: string): Promise<void> {
  await vscode.window.showErrorMessage(lockedMessage(what, error));
}
