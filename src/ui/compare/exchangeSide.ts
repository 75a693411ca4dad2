import * as vscode from 'vscode';
import { comparableBody } from '../../core/compare/body';
import type { ExchangeHistory, ExchangeSummary } from '../../core/model/history';
import type { BodyLanguage } from '../../core/render/payload';
import { formatSize } from '../hooksView/rows';
import { hostAndPath } from '../history/rows';

/** One side of a comparison: a title, its normalised text and its language. */
export interface Side {
  readonly title: string;
  readonly text: string;
  readonly language: BodyLanguage;
}

/** Responses larger than this are not compared: the diff editor would hold both in memory. */
export const MAX_COMPARED_BYTES = 50 * 1024 * 1024;

/** An exchange's response body, decoded and normalised for the diff; a warning says why when it cannot be. */
export async function exchangeSide(history: ExchangeHistory, summary: ExchangeSummary): Promise<Side | undefined> {
  const title = `${summary.method} ${hostAndPath(summary.url)} (pull)`.slice(0, 100);
  if (summary.size > MAX_COMPARED_BYTES) {
    void vscode.window.showWarningMessage(
      `The response of ${title} is ${formatSize(summary.size)}, more than PushPull compares (${formatSize(MAX_COMPARED_BYTES)}).`,
    );
    return undefined;
  }
  const bytes = await history.readBody(summary.id, 'decoded');
  if (!bytes) {
    void vscode.window.showWarningMessage(`The response of ${title} is no longer kept.`);
    return undefined;
  }
  const body = comparableBody(bytes, summary.contentType);
  return { title, text: body.text, language: body.language };
}

/** Asks for one of the newest exchanges (500 at most), `exclude` left out. */
export async function pickExchange(
  history: ExchangeHistory,
  title: string,
  exclude?: string,
): Promise<ExchangeSummary | undefined> {
  const exchanges = history
    .newest(501)
    .filter((e) => e.id !== exclude)
    .slice(0, 500);
  if (exchanges.length === 0) {
    void vscode.window.showInformationMessage('No requests in the history yet: send one from the Request Panel first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    exchanges.map((exchange) => ({
      label: `${exchange.method} ${hostAndPath(exchange.url)}`,
      description: `${exchange.status} · ${new Date(exchange.startedAt).toLocaleTimeString()}`,
      exchange,
    })),
    { title, matchOnDescription: true },
  );
  return picked?.exchange;
}
