import * as vscode from 'vscode';
import type { ProposedRoute } from '../../core/hooks/routeProposal';

/** Where a new route is written: the user's settings, or this workspace's. */
export type RouteScope = 'user' | 'workspace';

const TARGETS = { user: vscode.ConfigurationTarget.Global, workspace: vscode.ConfigurationTarget.Workspace } as const;

function routesSetting(): {
  readonly config: vscode.WorkspaceConfiguration;
  readonly user: unknown[] | undefined;
  readonly workspace: unknown[] | undefined;
} {
  const config = vscode.workspace.getConfiguration('pushpull.listener');
  const inspected = config.inspect<unknown>('routes');
  const list = (value: unknown): unknown[] | undefined => (Array.isArray(value) ? value : undefined);
  return { config, user: list(inspected?.globalValue), workspace: list(inspected?.workspaceValue) };
}

/**
 * Asks where a new route goes. The workspace's own routes replace the user's while it is open: that is said
 * on the user's choice when the workspace has some.
 */
export async function pickScope(route: ProposedRoute): Promise<RouteScope | undefined> {
  const { workspace } = routesSetting();
  const items: Array<vscode.QuickPickItem & { scope: RouteScope }> = [
    {
      label: '$(account) User settings',
      description: 'every window',
      detail:
        workspace !== undefined
          ? "This workspace sets its own routes, which replace the user's here: the route would not apply in it."
          : undefined,
      scope: 'user',
    },
  ];
  if (vscode.workspace.workspaceFolders?.length) {
    items.push({
      label: '$(folder) Workspace settings',
      description: 'this workspace only (.vscode/settings.json)',
      scope: 'workspace',
    });
    if (workspace !== undefined) items.reverse();
  }
  const provider = route.provider ? ` (${route.provider})` : '';
  const picked = await vscode.window.showQuickPick(items, {
    title: `Add route "${route.name}" for ${route.pathPrefix}${provider} to…`,
  });
  return picked?.scope;
}

/** Appends `route` to `pushpull.listener.routes` in `scope`, keeping the routes already there. */
export async function addRoute(route: ProposedRoute, scope: RouteScope): Promise<void> {
  const setting = routesSetting();
  const current = scope === 'user' ? setting.user : setting.workspace;
  await setting.config.update('routes', [...(current ?? []), { ...route }], TARGETS[scope]);
  vscode.window.setStatusBarMessage(
    `$(check) Added route "${route.name}" for ${route.pathPrefix} to the ${scope} settings`,
    5000,
  );
}
