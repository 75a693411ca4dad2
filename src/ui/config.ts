import * as vscode from 'vscode';
import { PushPullError } from '../core/errors';
import { defaultListenerOptions, type ListenerOptions } from '../core/hooks/listener';
import type { GroupBy } from '../core/hooks/query/grouping';
import { parseRoutes, type Route } from '../core/hooks/routes';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_HOOKS, type RetentionLimits } from '../core/store/durable';
import { effectiveValue, ignoresWorkspaceValue, TRUSTED_ONLY_SETTINGS } from './trustedSettings';

/** A setting whose value PushPull cannot use; `setting` is its full id, for *Open Settings*. */
export class SettingError extends PushPullError {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super('INVALID_SETTING', message);
  }
}

/** Largest body the store can keep in one record (4 GiB − 1). */
const MAX_BODY_BYTES = 0xffffffff;

const TRUSTED_ONLY = new Set(TRUSTED_ONLY_SETTINGS);

/** Whether settings from the workspace itself may be used: it is trusted (also when VS Code's trust is off). */
export function workspaceTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/** A setting's value in effect; for the TRUSTED_ONLY_SETTINGS, the workspace's own value only when `trusted`. */
export function settingValue(section: string, key: string, fallback: unknown, trusted: boolean): unknown {
  const config = vscode.workspace.getConfiguration(section);
  if (!TRUSTED_ONLY.has(`${section}.${key}`)) return config.get<unknown>(key, fallback);
  return effectiveValue(config.inspect<unknown>(key), trusted) ?? fallback;
}

/** The TRUSTED_ONLY_SETTINGS the workspace sets and PushPull ignores until it is trusted. */
export function ignoredWorkspaceSettings(trusted = workspaceTrusted()): string[] {
  return TRUSTED_ONLY_SETTINGS.filter((id) => {
    const dot = id.lastIndexOf('.');
    const inspected = vscode.workspace.getConfiguration(id.slice(0, dot)).inspect<unknown>(id.slice(dot + 1));
    return ignoresWorkspaceValue(inspected, trusted);
  });
}

/** A whole number setting in [min, max], or a SettingError that names it and what it takes. */
function wholeNumber(
  trusted: boolean,
  section: string,
  key: string,
  fallback: number,
  [min, max]: readonly [number, number],
  unit = '',
): number {
  const value = settingValue(section, key, fallback, trusted);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return value;
  const setting = `${section}.${key}`;
  throw new SettingError(
    setting,
    `The setting ${setting} must be a whole number from ${min} to ${max}${unit}, not ${JSON.stringify(value)}.`,
  );
}

const ANY = [0, Number.MAX_SAFE_INTEGER] as const;
const NO_LIMIT = ' (0 = no limit)';

/**
 * Listener options from the `pushpull.listener.*` settings, the workspace's own values of the trusted-only ones
 * only when `trusted`; throws RouteConfigError or SettingError.
 */
export function listenerOptions(trusted = workspaceTrusted()): ListenerOptions {
  const host = settingValue('pushpull.listener', 'host', defaultListenerOptions.host, trusted);
  if (typeof host !== 'string') {
    throw new SettingError(
      'pushpull.listener.host',
      'The setting pushpull.listener.host must be a host name or address.',
    );
  }
  const defaults = defaultListenerOptions;
  const listener = 'pushpull.listener';
  return {
    ...defaults,
    host: host.trim() || defaults.host,
    port: wholeNumber(trusted, listener, 'port', defaults.port, [0, 65535]),
    maxBodyBytes: wholeNumber(trusted, listener, 'maxBodyBytes', defaults.maxBodyBytes, [1, MAX_BODY_BYTES], ' bytes'),
    routes: configuredRoutes(trusted),
    maxConnections: wholeNumber(trusted, listener, 'maxConnections', defaults.maxConnections, ANY, NO_LIMIT),
    maxHooksPerSecond: wholeNumber(trusted, listener, 'maxHooksPerSecond', defaults.maxHooksPerSecond, ANY, NO_LIMIT),
  };
}

/** The routes in `pushpull.listener.routes`; throws RouteConfigError naming what is wrong. */
export function configuredRoutes(trusted = workspaceTrusted()): Route[] {
  return parseRoutes(settingValue('pushpull.listener', 'routes', [], trusted));
}

/** The configured routes, or none when the setting cannot be read: for what only shows more with them. */
export function configuredRoutesOrNone(): Route[] {
  try {
    return configuredRoutes();
  } catch {
    return [];
  }
}

/** Retention from `pushpull.store.*`: the oldest hooks are dropped past these; 0 means no limit. */
export function retentionLimits(trusted = workspaceTrusted()): RetentionLimits {
  const megabytes = 1024 * 1024;
  const mbRange = [0, Math.floor(Number.MAX_SAFE_INTEGER / megabytes)] as const;
  return {
    maxHooks: wholeNumber(trusted, 'pushpull.store', 'maxHooks', DEFAULT_MAX_HOOKS, ANY, NO_LIMIT),
    maxBytes:
      wholeNumber(trusted, 'pushpull.store', 'maxMegabytes', DEFAULT_MAX_BYTES / megabytes, mbRange, NO_LIMIT) *
      megabytes,
  };
}

export function hooksGroupBy(): GroupBy {
  const value = vscode.workspace.getConfiguration('pushpull.hooks').get<string>('groupBy', 'route');
  return value === 'day' || value === 'none' ? value : 'route';
}

/** `pushpull.listener.autoStart`, the workspace's own value only when `trusted`. */
export function autoStartEnabled(trusted = workspaceTrusted()): boolean {
  return settingValue('pushpull.listener', 'autoStart', false, trusted) === true;
}

/** Sets the port where the value in effect comes from, so that the new one wins (workspace over user settings). */
export async function setListenerPort(port: number): Promise<void> {
  const config = vscode.workspace.getConfiguration('pushpull.listener');
  const where = config.inspect<number>('port');
  const target =
    where?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('port', port, target);
}
