// Which value of a setting PushPull uses, given where it is set and whether the workspace is trusted.
// Plain TypeScript (no VS Code API), so the decision is tested on its own.

/**
 * Settings that take a workspace's own value (`.vscode/settings.json`, a workspace file) only once the workspace
 * is trusted. From a repository just cloned they could bind the listener to the network, forward every hook
 * elsewhere, start it unasked, lift its limits, make retention delete the hooks kept from every project, or
 * make the request panel trust a certificate authority, present a client certificate or keep cookies you never chose.
 * The same list is `capabilities.untrustedWorkspaces.restrictedConfigurations` in package.json.
 */
export const TRUSTED_ONLY_SETTINGS: readonly string[] = [
  'pushpull.listener.host',
  'pushpull.listener.routes',
  'pushpull.listener.autoStart',
  'pushpull.listener.maxBodyBytes',
  'pushpull.listener.maxConnections',
  'pushpull.listener.maxHooksPerSecond',
  'pushpull.store.maxHooks',
  'pushpull.store.maxMegabytes',
  'pushpull.request.caFile',
  'pushpull.request.clientCertificate',
  'pushpull.request.cookies',
];

/** The parts of `WorkspaceConfiguration.inspect()` PushPull reads. */
export interface InspectedSetting<T> {
  readonly defaultValue?: T;
  readonly globalValue?: T;
  readonly workspaceValue?: T;
  readonly workspaceFolderValue?: T;
}

/**
 * The value in effect: a workspace folder's over the workspace's over the user's over the default, as VS Code
 * has it, except that the workspace's and the folder's count only when `trusted`.
 */
export function effectiveValue<T>(inspected: InspectedSetting<T> | undefined, trusted: boolean): T | undefined {
  if (!inspected) return undefined;
  const order = trusted
    ? [inspected.workspaceFolderValue, inspected.workspaceValue, inspected.globalValue, inspected.defaultValue]
    : [inspected.globalValue, inspected.defaultValue];
  return order.find((value) => value !== undefined);
}

/** Whether the workspace sets a value that is ignored because it is not trusted. */
export function ignoresWorkspaceValue(inspected: InspectedSetting<unknown> | undefined, trusted: boolean): boolean {
  return !trusted && (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined);
}
