import * as vscode from 'vscode';
import { defaultListenerOptions, type ListenerOptions } from '../core/hooks/listener';
import type { GroupBy } from '../core/hooks/grouping';
import { parseRoutes, type Route } from '../core/hooks/routes';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_HOOKS, type RetentionLimits } from '../core/store/durable';

/** Listener options from the `pushpull.listener.*` settings; throws RouteConfigError for invalid routes. */
export function listenerOptions(): ListenerOptions {
  const config = vscode.workspace.getConfiguration('pushpull.listener');
  return {
    ...defaultListenerOptions,
    host: config.get<string>('host', defaultListenerOptions.host).trim() || defaultListenerOptions.host,
    port: config.get<number>('port', defaultListenerOptions.port),
    maxBodyBytes: config.get<number>('maxBodyBytes', defaultListenerOptions.maxBodyBytes),
    routes: configuredRoutes(),
  };
}

/** The routes in `pushpull.listener.routes`; throws RouteConfigError naming what is wrong. */
export function configuredRoutes(): Route[] {
  return parseRoutes(vscode.workspace.getConfiguration('pushpull.listener').get<unknown>('routes', []));
}

/** Retention from `pushpull.store.*`: the oldest hooks are dropped past these; 0 means no limit. */
export function retentionLimits(): RetentionLimits {
  const config = vscode.workspace.getConfiguration('pushpull.store');
  return {
    maxHooks: config.get<number>('maxHooks', DEFAULT_MAX_HOOKS),
    maxBytes: config.get<number>('maxMegabytes', DEFAULT_MAX_BYTES / 1024 / 1024) * 1024 * 1024,
  };
}

export function hooksGroupBy(): GroupBy {
  const value = vscode.workspace.getConfiguration('pushpull.hooks').get<string>('groupBy', 'route');
  return value === 'day' || value === 'none' ? value : 'route';
}

export function autoStartEnabled(): boolean {
  return vscode.workspace.getConfiguration('pushpull.listener').get<boolean>('autoStart', false);
}

export async function setListenerPort(port: number): Promise<void> {
  await vscode.workspace.getConfiguration('pushpull.listener').update('port', port, vscode.ConfigurationTarget.Global);
}
