import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PushPullApi, PushPullTestApi } from '../../src/api';

/** PushPull's test API: what `activate` returns in VS Code's extension mode Test (set by --extensionTestsPath). */
export async function pushpull(): Promise<PushPullTestApi> {
  const extension = vscode.extensions.getExtension<PushPullApi | PushPullTestApi>('pushpull.pushpull');
  if (!extension) throw new Error('PushPull is not installed in this VS Code');
  const api = await extension.activate();
  if (!('push' in api)) throw new Error('PushPull returned its read-only API: the tests need extension mode Test');
  return api;
}

export async function setPort(port: number): Promise<void> {
  await vscode.workspace.getConfiguration('pushpull.listener').update('port', port, vscode.ConfigurationTarget.Global);
}

/** Sets pushpull.listener.maxHooksPerSecond in the user settings (0: no limit, for tests that send bursts; undefined: the default). */
export async function setHooksPerSecond(limit: number | undefined): Promise<void> {
  await vscode.workspace
    .getConfiguration('pushpull.listener')
    .update('maxHooksPerSecond', limit, vscode.ConfigurationTarget.Global);
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Like waitFor, for a probe that must await. */
export async function waitForAsync<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function post(url: string, body: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Ids of the hooks the view shows (grouped or flat). */
export async function shownIds(api: PushPullTestApi): Promise<string[]> {
  const ids: string[] = [];
  for (const node of await api.tree.getChildren()) {
    if (node.kind === 'hook') ids.push(node.hook.id);
    if (node.kind !== 'group') continue;
    for (const row of await api.tree.getChildren(node)) if (row.kind === 'hook') ids.push(row.hook.id);
  }
  return ids;
}

/**
 * PushPull's log (its "PushPull" output channel), read from the file VS Code writes it to:
 * pushpull.pushpull/PushPull.log in the extension host's folder under `logs` in the user data folder, the
 * folder that also holds the extension's global storage.
 */
function logFile(api: PushPullTestApi): string {
  const candidates: string[] = [];
  for (let dir = path.dirname(api.push.location); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const logs = path.join(dir, 'logs');
    if (!fs.existsSync(logs)) continue;
    for (const entry of fs.readdirSync(logs, { recursive: true, encoding: 'utf8' })) {
      if (entry.endsWith(path.join('pushpull.pushpull', 'PushPull.log'))) candidates.push(path.join(logs, entry));
    }
    break;
  }
  const newest = candidates.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (!newest) throw new Error(`PushPull's log file was not found in a logs folder above ${api.push.location}`);
  return newest;
}

/** What PushPull logs from now on: `line` waits for a line written after the watch began. */
export class LogWatch {
  private constructor(
    private readonly file: string,
    private readonly start: number,
  ) {}

  static begin(api: PushPullTestApi): LogWatch {
    const file = logFile(api);
    return new LogWatch(file, fs.statSync(file).size);
  }

  /** The first line written since the watch began that matches `pattern`, once VS Code has written it. */
  line(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    return waitFor(
      `a PushPull log line matching ${String(pattern)}`,
      () => this.since().find((line) => pattern.test(line)),
      timeoutMs,
    );
  }

  private since(): string[] {
    return fs.readFileSync(this.file).subarray(this.start).toString('utf8').split('\n');
  }
}

/** Replaces what follows the blank line of an Edit and Replay document (the body) with `body`. */
export function replaceBody(document: vscode.TextDocument, body: string): Thenable<boolean> {
  let blank = 0;
  while (blank < document.lineCount && document.lineAt(blank).text !== '') blank++;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(blank + 1, 0, document.lineCount, 0), body);
  return vscode.workspace.applyEdit(edit);
}
