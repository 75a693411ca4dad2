import * as vscode from 'vscode';
import { PushPullError } from '../core/errors';
import { defaultListenerOptions, type ListenerOptions } from '../core/hooks/listener';
import type { GroupBy } from '../core/hooks/grouping';
import { parseRoutes, type Route } from '../core/hooks/routes';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_HOOKS, type RetentionLimits } from '../core/store/durable';

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

/** A whole number setting in [min, max], or a SettingError that names it and what it takes. */
function wholeNumber(section: string, key: string, fallback: number, min: number, max: number, unit = ''): number {
  const value = vscode.workspace.getConfiguration(section).get<unknown>(key, fallback);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return value;
  const setting = `${section}.${key}`;
  throw new SettingError(
    setting,
    `The setting ${setting} must be a whole number from ${min} to ${max}${unit}, not ${JSON.stringify(value)}.`,
  );
}

/** Listener options from the `pushpull.listener.*` settings; throws RouteConfigError or SettingError. */
export function listenerOptions(): ListenerOptions {
  const config = vscode.workspace.getConfiguration('pushpull.listener');
  const host = config.get<unknown>('host', defaultListenerOptions.host);
  if (typeof host !== 'string') {
    throw new SettingError(
      'pushpull.listener.host',
      'The setting pushpull.listener.host must be a host name or address.',
    );
  }
  return {
    ...defaultListenerOptions,
    host: host.trim() || defaultListenerOptions.host,
    port: wholeNumber('pushpull.listener', 'port', defaultListenerOptions.port, 0, 65535),
    maxBodyBytes: wholeNumber(
      'pushpull.listener',
      'maxBodyBytes',
      defaultListenerOptions.maxBodyBytes,
      1,
      MAX_BODY_BYTES,
      ' bytes',
    ),
    routes: configuredRoutes(),
    maxConnections: wholeNumber(
      'pushpull.listener',
      'maxConnections',
      defaultListenerOptions.maxConnections,
      0,
      Number.MAX_SAFE_INTEGER,
      ' (0 = no limit)',
    ),
    maxHooksPerSecond: wholeNumber(
      'pushpull.listener',
      'maxHooksPerSecond',
      defaultListenerOptions.maxHooksPerSecond,
      0,
      Number.MAX_SAFE_INTEGER,
      ' (0 = no limit)',
    ),
  };
}

/** The routes in `pushpull.listener.routes`; throws RouteConfigError naming what is wrong. */
export function configuredRoutes(): Route[] {
  return parseRoutes(vscode.workspace.getConfiguration('pushpull.listener').get<unknown>('routes', []));
}

/** Retention from `pushpull.store.*`: the oldest hooks are dropped past these; 0 means no limit. */
export function retentionLimits(): RetentionLimits {
  const megabytes = 1024 * 1024;
  return {
    maxHooks: wholeNumber(
      'pushpull.store',
      'maxHooks',
      DEFAULT_MAX_HOOKS,
      0,
      Number.MAX_SAFE_INTEGER,
      ' (0 = no limit)',
    ),
    maxBytes:
      wholeNumber(
        'pushpull.store',
        'maxMegabytes',
        DEFAULT_MAX_BYTES / megabytes,
        0,
        Math.floor(Number.MAX_SAFE_INTEGER / megabytes),
        ' (0 = no limit)',
      ) * megabytes,
  };
}

export function hooksGroupBy(): GroupBy {
  const value = vscode.workspace.getConfiguration('pushpull.hooks').get<string>('groupBy', 'route');
  return value === 'day' || value === 'none' ? value : 'route';
}

export function autoStartEnabled(): boolean {
  return vscode.workspace.getConfiguration('pushpull.listener').get<boolean>('autoStart', false);
}

/** Sets the port where the value in effect comes from, so that the new one wins (workspace over user settings). */
export async function setListenerPort(port: number): Promise<void> {
  const config = vscode.workspace.getConfiguration('pushpull.listener');
  const where = config.inspect<number>('port');
  const target =
    where?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('port', port, target);
}
