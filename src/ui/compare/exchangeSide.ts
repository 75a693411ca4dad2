import * as vscode from 'vscode';
import type { ExchangeHistory, ExchangeSummary } from '../../core/model/history';
import { formatSize } from '../hooksView/rows';
import { hostAndPath } from '../history/rows';
import { plainInMessage } from '../messageText';
import { MAX_COMPARED_BYTES, type PayloadSide } from './sides';

/** The name compare options of a request are remembered by: its `.http` name, else method, host and path. */
export function requestKey(summary: Pick<ExchangeSummary, 'name' | 'method' | 'url'>): string {
  return summary.name ? `request:${summary.name}` : `request:${summary.method} ${hostAndPath(summary.url)}`;
}

/** An exchange's decoded response body as one side; a warning says why when it cannot be. */
export async function exchangeSide(
  history: ExchangeHistory,
  summary: ExchangeSummary,
): Promise<PayloadSide | undefined> {
  const title = `${summary.method} ${hostAndPath(summary.url)} (pull)`.slice(0, 100);
  if (summary.size > MAX_COMPARED_BYTES) {
    void vscode.window.showWarningMessage(
      plainInMessage(
        `The response of ${title} is ${formatSize(summary.size)}, more than PushPull compares (${formatSize(MAX_COMPARED_BYTES)}).`,
      ),
    );
    return undefined;
  }
  const bytes = await history.readBody(summary.id, 'decoded');
  if (!bytes) {
    void vscode.window.showWarningMessage(plainInMessage(`The response of ${title} is no longer kept.`));
    return undefined;
  }
  return { title, payload: { bytes, contentType: summary.contentType }, rememberAs: requestKey(summary) };
}
