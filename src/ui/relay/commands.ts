import * as vscode from 'vscode';
import { withoutCredentials } from '../../core/http/credentials';
import { isHttpUrl } from '../../core/http/url';
import type { PushSide } from '../../core/push/session';
import { configuredRoutes } from '../config';
import { isSmeeIo, type RelayConnection, Relays } from './relays';
import { publicUrl, shareListener } from './share';

/** The hint shown when a smee.io channel is connected. */
export const SMEE_HINT =
  'smee.io passes JSON bodies on parsed, so PushPull keeps them re-serialised and their signatures cannot verify. ' +
  'For signatures, use a gosmee server (it passes the raw body) or make the listener public (Share Listener…).';

/**
 * Connect Relay… (a channel URL, for every hook or for a route), Disconnect Relay, Share Listener… and Copy
 * Public URL. `url` and `route` skip the prompts (tests, other commands).
 */
export function registerRelayCommands(push: PushSide, relays: Relays): vscode.Disposable[] {
  return [
    relays,
    vscode.commands.registerCommand('pushpull.connectRelay', (url?: string, route?: string) =>
      connectRelay(push, relays, url, route),
    ),
    vscode.commands.registerCommand('pushpull.disconnectRelay', (url?: string) => disconnectRelay(relays, url)),
    vscode.commands.registerCommand('pushpull.shareListener', () => shareListener(push)),
    vscode.commands.registerCommand('pushpull.copyPublicUrl', async () => {
      const url = await publicUrl(push);
      if (!url) return undefined;
      await vscode.env.clipboard.writeText(url);
      void vscode.window.showInformationMessage(`Copied ${url}. Make the port public to reach it from the internet.`);
      return url;
    }),
  ];
}

async function connectRelay(
  push: PushSide,
  relays: Relays,
  given?: string,
  givenRoute?: string,
): Promise<RelayConnection | undefined> {
  const url =
    given ??
    (await vscode.window.showInputBox({
      title: 'PushPull: Connect Relay',
      prompt: 'The URL of a smee.io channel (https://smee.io/new makes one) or of a self-hosted gosmee or smee server',
      placeHolder: 'https://smee.io/AbCdEf123456',
      ignoreFocusOut: true,
      validateInput: (text) => (isHttpUrl(text.trim()) ? undefined : 'An http:// or https:// channel URL'),
    }));
  if (!url || !isHttpUrl(url.trim())) return undefined;
  const routes = configuredRoutes();
  let route = givenRoute === undefined ? undefined : routes.find((r) => r.name === givenRoute);
  if (given === undefined && routes.length > 0) {
    const all = { label: '$(globe) Every hook', description: 'arrive at /', route: undefined };
    const picks = [
      all,
      ...routes.map((r) => ({
        label: `$(symbol-namespace) ${r.name}`,
        description: `arrive at ${r.pathPrefix}${r.provider ? ` · ${r.provider}` : ''}`,
        route: r,
      })),
    ];
    const picked = await vscode.window.showQuickPick(picks, {
      title: 'PushPull: Connect Relay — where its hooks arrive',
      placeHolder: 'A route checks their signature with its secret, answers and forwards as it says',
    });
    if (!picked) return undefined;
    route = picked.route;
  }
  const connection: RelayConnection = {
    url: url.trim(),
    path: route?.pathPrefix ?? '/',
    ...(route ? { route: route.name } : {}),
  };
  await relays.add(connection);
  if (!push.address) await vscode.commands.executeCommand('pushpull.startListener');
  const shown = withoutCredentials(connection.url);
  if (isSmeeIo(connection.url)) void vscode.window.showWarningMessage(`Relay ${shown} connected. ${SMEE_HINT}`);
  else void vscode.window.showInformationMessage(`Relay ${shown} connected: its hooks arrive at ${connection.path}.`);
  return connection;
}

async function disconnectRelay(relays: Relays, given?: string): Promise<number> {
  await relays.loaded;
  const list = relays.list;
  if (list.length === 0) {
    void vscode.window.showInformationMessage('No relay is connected. PushPull: Connect Relay… adds one.');
    return 0;
  }
  let chosen = given === undefined ? undefined : list.filter((c) => c.url === given);
  if (!chosen) {
    const picks = list.map((c) => ({
      label: withoutCredentials(c.url),
      description: `→ ${c.path} · ${relays.stateOf(c)}`,
      connection: c,
    }));
    const picked = await vscode.window.showQuickPick(picks, {
      title: 'PushPull: Disconnect Relay',
      canPickMany: true,
      placeHolder: 'The relays to disconnect (their hooks stay kept)',
    });
    chosen = picked?.map((p) => p.connection) ?? [];
  }
  for (const connection of chosen) await relays.remove(connection);
  return chosen.length;
}
