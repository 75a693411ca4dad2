import * as vscode from 'vscode';
import { configuredRoutes } from '../config';
import type { SigningSecrets } from './secrets';

/**
 * PushPull: Set Signing Secret…: pick a route, then type its secret (hidden) or remove it.
 * `route` and `secret` may be given directly (automation); an empty secret removes it.
 */
export async function setSigningSecret(secrets: SigningSecrets, route?: string, secret?: string): Promise<boolean> {
  const name = route ?? (await pickRoute());
  if (!name) return false;
  if (secret !== undefined) {
    if (secret === '') await secrets.remove(name);
    else await secrets.set(name, secret);
    return true;
  }
  if (await secrets.has(name)) {
    const choice = await vscode.window.showQuickPick(['Replace the secret', 'Remove the secret'], {
      title: `Route "${name}" has a signing secret`,
    });
    if (!choice) return false;
    if (choice === 'Remove the secret') {
      await secrets.remove(name);
      vscode.window.setStatusBarMessage(`$(check) Removed the signing secret of "${name}"`, 4000);
      return true;
    }
  }
  const value = await vscode.window.showInputBox({
    title: `Signing secret of route "${name}"`,
    prompt: 'Kept in VS Code\'s secret storage, never in settings. Stripe: the whole "whsec_…" value.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() === '' ? 'Enter the secret, or press Escape.' : undefined),
  });
  if (value === undefined) return false;
  await secrets.set(name, value);
  vscode.window.setStatusBarMessage(
    `$(check) Saved the signing secret of "${name}"; new hooks are checked with it`,
    5000,
  );
  return true;
}

async function pickRoute(): Promise<string | undefined> {
  let routes;
  try {
    routes = configuredRoutes();
  } catch (error) {
    void vscode.window.showErrorMessage(`PushPull: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (routes.length === 0) {
    const open = await vscode.window.showInformationMessage(
      'Signing secrets belong to routes. Add a route with a provider to pushpull.listener.routes first.',
      'Open Settings',
    );
    if (open) await vscode.commands.executeCommand('workbench.action.openSettings', 'pushpull.listener.routes');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    routes.map((r) => ({ label: r.name, description: `${r.pathPrefix}${r.provider ? ` · ${r.provider}` : ''}` })),
    { title: 'Set the signing secret of which route?' },
  );
  return picked?.label;
}
