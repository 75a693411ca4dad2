import * as vscode from 'vscode';
import type { HookMeta } from '../../core/model/hook';
import type { Route } from '../../core/hooks/routes';
import { currentRoute } from '../../core/hooks/signing';
import { type ProposedRoute, proposeRoute } from '../../core/hooks/routeProposal';
import { configuredRoutes } from '../config';
import { type RouteScope, addRoute, pickScope } from './routeSettings';
import type { SigningSecrets } from './secrets';

/** Set Signing Secret… options for automation: the secret (empty removes it), and where a new route goes. */
export interface SecretArgs {
  readonly secret?: string;
  readonly scope?: RouteScope;
}

export function secretArgs(given: unknown): SecretArgs {
  if (!given || typeof given !== 'object') return {};
  const { secret, scope } = given as Record<string, unknown>;
  return {
    secret: typeof secret === 'string' ? secret : undefined,
    scope: scope === 'user' || scope === 'workspace' ? scope : undefined,
  };
}

/** Where the secret goes: a route configured now, or one to create first. */
type Destination = { readonly route: string } | { readonly create: ProposedRoute; readonly count: number };

/**
 * PushPull: Set Signing Secret…: for a route, or for a hook (its route, or a new route made from its path and
 * the provider its headers name, in the settings scope the user picks); then the secret (hidden) or its
 * removal. Resolves with the route's name, or undefined when nothing was saved.
 */
export async function setSigningSecret(
  secrets: SigningSecrets,
  given: { readonly route?: string; readonly hook?: HookMeta; readonly recent: readonly HookMeta[] },
  args: SecretArgs = {},
): Promise<string | undefined> {
  const routes = routesOrSay();
  if (!routes) return undefined;
  const destination = given.route
    ? { route: given.route }
    : given.hook
      ? forHook(given.hook, routes)
      : await pickDestination(routes, given.recent);
  if (!destination) return undefined;
  let name: string;
  if ('create' in destination) {
    const scope = args.scope ?? (await pickScope(destination.create));
    if (!scope) return undefined;
    await addRoute(destination.create, scope);
    name = destination.create.name;
  } else name = destination.route;
  return (await saveSecret(secrets, name, args.secret)) ? name : undefined;
}

function forHook(hook: HookMeta, routes: readonly Route[]): Destination | undefined {
  const route = currentRoute(hook, routes);
  if (route) return { route: route.name };
  const create = proposeRoute(hook, routes);
  return create && { create, count: 1 };
}

/** Routes configured now, and new routes for the paths recent hooks arrived on without one. */
async function pickDestination(
  routes: readonly Route[],
  recent: readonly HookMeta[],
): Promise<Destination | undefined> {
  const proposals = new Map<string, { create: ProposedRoute; count: number }>();
  for (const hook of recent) {
    const create = proposeRoute(hook, routes);
    if (!create || !create.provider) continue;
    const seen = proposals.get(create.pathPrefix);
    proposals.set(create.pathPrefix, { create: seen?.create ?? create, count: (seen?.count ?? 0) + 1 });
  }
  type Item = vscode.QuickPickItem & { readonly destination: Destination };
  const items: Item[] = [
    ...routes.map((r) => ({
      label: r.name,
      description: `${r.pathPrefix}${r.provider ? ` · ${r.provider}` : ''}`,
      destination: { route: r.name },
    })),
    ...[...proposals.values()].map(({ create, count }) => ({
      label: `$(add) New route "${create.name}" for ${create.pathPrefix}`,
      description: create.provider,
      detail: `${count} received ${count === 1 ? 'hook' : 'hooks'} signed by ${create.provider} arrived there without a route`,
      destination: { create, count },
    })),
  ];
  if (items.length === 0) {
    const open = await vscode.window.showInformationMessage(
      'No route and no signed webhook yet. Receive one (PushPull makes a route for it: Set Signing Secret… on the hook), or add a route to pushpull.listener.routes.',
      'Open Settings',
    );
    if (open)
      await vscode.commands.executeCommand('workbench.action.openSettingsJson', {
        revealSetting: { key: 'pushpull.listener.routes' },
      });
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Set the signing secret of which route?' });
  return picked?.destination;
}

/** Asks for the secret of `name` (or takes `given`; empty removes it) and keeps it in SecretStorage. */
async function saveSecret(secrets: SigningSecrets, name: string, given: string | undefined): Promise<boolean> {
  if (given !== undefined) {
    if (given === '') await secrets.remove(name);
    else await secrets.set(name, given);
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
  return true;
}

/** The configured routes; undefined, having said what is wrong with the setting, when it cannot be read. */
export function routesOrSay(): Route[] | undefined {
  try {
    return configuredRoutes();
  } catch (error) {
    void vscode.window.showErrorMessage(`PushPull: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
