import * as vscode from 'vscode';
import type { PushSide } from '../../core/push/session';

/**
 * The listener's address as a browser or another machine reaches it: through `vscode.env.asExternalUri`, which in
 * Codespaces and remote workspaces forwards the port and gives the forwarded address (on a desktop, it is the
 * same address). Undefined (with a message) while the listener is stopped.
 */
export async function publicUrl(push: PushSide): Promise<string | undefined> {
  const address = push.address;
  if (!address) {
    void vscode.window.showInformationMessage('The listener is stopped: start it first (PushPull: Start Listener).');
    return undefined;
  }
  const host = address.host === '0.0.0.0' || address.host === '::' ? '127.0.0.1' : address.host;
  const local = vscode.Uri.parse(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}/`);
  const external = await vscode.env.asExternalUri(local);
  return external.toString(true);
}

interface ShareItem extends vscode.QuickPickItem {
  readonly run?: () => Thenable<unknown>;
}

/** Share Listener…: the ways a provider on the internet can reach the listener, each a step to take now. */
export async function shareListener(push: PushSide): Promise<void> {
  const url = await publicUrl(push);
  if (!url) return;
  const port = push.address?.port ?? 0;
  const remote = vscode.env.remoteName;
  const items: ShareItem[] = [
    { label: 'Port forwarding (VS Code)', kind: vscode.QuickPickItemKind.Separator },
    {
      label: '$(copy) Copy the forwarded address',
      description: url,
      detail: remote
        ? `In ${remote === 'codespaces' ? 'Codespaces' : `this ${remote} workspace`} VS Code forwards port ${port}; make it public in the Ports view for a provider to reach it.`
        : `On a desktop this is the local address: forward port ${port} in the Ports view (sign in to GitHub) and set its visibility to Public.`,
      run: () => vscode.env.clipboard.writeText(url),
    },
    {
      label: '$(plug) Open the Ports view',
      detail: 'Forward a Port → the listener’s port; right-click it → Port Visibility → Public; copy its address.',
      run: () =>
        vscode.commands
          .executeCommand('workbench.view.remote')
          .then(undefined, () => vscode.commands.executeCommand('~remote.forwardedPorts.focus')),
    },
    { label: 'Relay channel', kind: vscode.QuickPickItemKind.Separator },
    {
      label: '$(cloud) Connect a relay channel…',
      detail:
        'smee.io (https://smee.io/new) or a self-hosted gosmee: give the provider the channel URL; nothing to open.',
      run: () => vscode.commands.executeCommand('pushpull.connectRelay'),
    },
    { label: 'ngrok', kind: vscode.QuickPickItemKind.Separator },
    {
      label: '$(terminal) Copy the ngrok command',
      description: `ngrok http ${port}`,
      detail:
        'With ngrok installed and signed in: run it in a terminal and give the provider the https address it prints.',
      run: () => vscode.env.clipboard.writeText(`ngrok http ${port}`),
    },
    {
      label: '$(link-external) How port forwarding works',
      detail: 'VS Code’s documentation of the Ports view and port visibility',
      run: () => vscode.env.openExternal(vscode.Uri.parse('https://code.visualstudio.com/docs/editor/port-forwarding')),
    },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `PushPull: Share Listener (port ${port})`,
    placeHolder: 'How a provider on the internet reaches the listener',
  });
  await picked?.run?.();
}
