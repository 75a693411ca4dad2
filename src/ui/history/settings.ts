import * as vscode from 'vscode';
import type { HistoryAddOptions, HistoryLimits } from '../../core/model/history';
import { SettingError } from '../config';

export type HistoryGroupBy = 'day' | 'host';

const SECTION = 'pushpull.history';
const MEGABYTE = 1024 * 1024;
const DEFAULT_MAX_EXCHANGES = 1000;
const DEFAULT_MAX_MEGABYTES = 500;

function wholeNumber(key: string, fallback: number): number {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>(key, fallback);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new SettingError(
    `${SECTION}.${key}`,
    `The setting ${SECTION}.${key} must be a whole number from 0 (no limit) up, not ${JSON.stringify(value)}.`,
  );
}

/** Retention from `pushpull.history.maxExchanges` and `maxMegabytes` (0 = no limit); throws SettingError. */
export function historyLimits(): HistoryLimits {
  const megabytes = wholeNumber('maxMegabytes', DEFAULT_MAX_MEGABYTES);
  return {
    maxExchanges: wholeNumber('maxExchanges', DEFAULT_MAX_EXCHANGES),
    maxBytes: Math.min(megabytes * MEGABYTE, Number.MAX_SAFE_INTEGER),
  };
}

/** How the history masks what it writes: `pushpull.history.maskSecrets` and `pushpull.history.secretHeaders`. */
export function historyAddOptions(): HistoryAddOptions {
  const config = vscode.workspace.getConfiguration(SECTION);
  const headers = config.get<unknown>('secretHeaders', []);
  const secretHeaders = Array.isArray(headers)
    ? headers.filter((name): name is string => typeof name === 'string' && name.trim() !== '').map((n) => n.trim())
    : [];
  return { mask: config.get<unknown>('maskSecrets', true) !== false, secretHeaders };
}

export function historyGroupBy(): HistoryGroupBy {
  return vscode.workspace.getConfiguration(SECTION).get<string>('groupBy', 'day') === 'host' ? 'host' : 'day';
}

export async function setHistoryGroupBy(by: HistoryGroupBy): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('groupBy', by, vscode.ConfigurationTarget.Global);
}

/** Whether a configuration change touches the history's retention. */
export function affectsLimits(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.maxExchanges`) || event.affectsConfiguration(`${SECTION}.maxMegabytes`);
}
