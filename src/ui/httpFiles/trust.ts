import * as vscode from 'vscode';

/** Where `.http` requests may be sent from: files on this machine's (or the remote's) disk, and untitled ones. */
export function sendableScheme(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' || uri.scheme === 'untitled';
}

/**
 * Whether sending from `uri` is held back, saying why: in Restricted Mode nothing is sent and no file, environment
 * variable or `.env` is read; in a virtual workspace `.http` files are shown, not sent.
 */
export function sendBlocked(uri: vscode.Uri): boolean {
  if (!vscode.workspace.isTrusted) {
    void vscode.window
      .showWarningMessage(
        'PushPull sends requests from .http files only in a trusted workspace: a request can read files, environment variables and .env secrets and send them anywhere.',
        'Manage Workspace Trust',
      )
      .then((action) => action && vscode.commands.executeCommand('workbench.trust.manage'));
    return true;
  }
  if (!sendableScheme(uri)) {
    void vscode.window.showWarningMessage(
      `PushPull cannot send requests from a file in a virtual workspace (${uri.scheme}:): it shows them only.`,
    );
    return true;
  }
  return false;
}
