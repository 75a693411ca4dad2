import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HookMeta } from '../../core/model/hook';
import { toCurl } from '../../core/export/curl';
import { toHar } from '../../core/export/har';
import { listenerAnswer } from '../../core/export/harAnswer';
import { configuredRoutesOrNone } from '../config';
import { toHttpRequest } from '../../core/export/httpFile';
import { bodyFileName, utf8Text } from '../../core/export/shared';
import { makePrivateDir, writePrivateFile } from '../../core/privateFiles';
import { compareWith, type CompareDeps, type CompareSource } from '../compare/compareWith';
import type { PushSide } from '../../core/push/session';
import type { SigningSecrets } from '../signing/secrets';
import { openHook, rawBodyUri } from './hookDocuments';
import type { HooksView } from './hooksView';
import { type HookAction, onSelectedHook, selectedHook, targetHooks } from './selectedHook';

export interface HookCommandDeps {
  readonly push: PushSide;
  readonly view: HooksView;
  readonly compare: CompareDeps;
  readonly memento: vscode.Memento;
  readonly version: string;
  readonly secrets: SigningSecrets;
}

/**
 * Registers the per-hook actions of the Webhooks view (context menu, palette and keyboard); Replay To… and Edit
 * and Replay are registered with the replay UI (`ui/replay/`).
 */
export function registerHookCommands(deps: HookCommandDeps): vscode.Disposable[] {
  const { push, view } = deps;
  const one = (action: HookAction) => onSelectedHook(deps, action);
  return [
    vscode.commands.registerCommand('pushpull.openHook', async (node?: unknown, nodes?: unknown) => {
      const hook = selectedHook(deps, node, nodes);
      if (hook) await openHook(hook);
    }),
    vscode.commands.registerCommand(
      'pushpull.openRawBody',
      one(async (hook) => vscode.window.showTextDocument(await vscode.workspace.openTextDocument(rawBodyUri(hook)))),
    ),
    vscode.commands.registerCommand('pushpull.copyBody', one(copyBody)),
    vscode.commands.registerCommand(
      'pushpull.copyAsCurl',
      one(async (hook, body) => copied(toCurl(hook, body), 'cURL command')),
    ),
    vscode.commands.registerCommand(
      'pushpull.copyAsHttp',
      one(async (hook, body) => copied(toHttpRequest(hook, body), '.http request')),
    ),
    vscode.commands.registerCommand('pushpull.saveBodyAs', one(saveBodyAs)),
    vscode.commands.registerCommand('pushpull.compareWith', async (node?: unknown, other?: unknown) => {
      await push.ready();
      // From the tree with rows selected, VS Code passes (clicked row, all selected rows).
      const selected = Array.isArray(other) ? other : undefined;
      const hooks = targetHooks(push, view, node, selected);
      if (hooks.length > 2) {
        void vscode.window.showWarningMessage('Select exactly two webhooks to compare them with each other.');
        return false;
      }
      const source = hooks[1]
        ? { kind: 'hook' as const, id: hooks[1].id }
        : selected
          ? undefined
          : (other as CompareSource | undefined);
      return compareWith(deps.compare, hooks[0], source);
    }),
    vscode.commands.registerCommand('pushpull.exportHar', (node?: unknown, nodes?: unknown, target?: unknown) =>
      exportHar(deps, targetHooks(push, view, node, nodes), target instanceof vscode.Uri ? target : undefined),
    ),
  ];
}

async function copied(text: string, what: string): Promise<string> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(check) Copied the ${what}`, 3000);
  return text;
}

async function copyBody(_hook: HookMeta, body: Uint8Array): Promise<string> {
  const text = utf8Text(body);
  if (text !== undefined) return copied(text, 'body');
  await copied(Buffer.from(body).toString('base64'), 'binary body as base64');
  void vscode.window.showInformationMessage(
    'The body is binary: it was copied as base64. Use Save Body As… for the bytes.',
  );
  return Buffer.from(body).toString('base64');
}

async function saveBodyAs(hook: HookMeta, body: Uint8Array, given?: unknown): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  // The name Copy as .http tells the user to save the body under.
  const name = bodyFileName(hook);
  const target =
    given instanceof vscode.Uri
      ? given
      : await vscode.window.showSaveDialog({
          title: `Save the body of ${hook.method} ${hook.path}`,
          defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
        });
  if (!target) return undefined;
  await writeUserData(target, body);
  vscode.window.setStatusBarMessage(`$(check) Saved ${body.length} bytes to ${target.fsPath}`, 5000);
  return target;
}

/** Writes the selected hooks (or all) as HAR 1.2. */
async function exportHar(
  deps: HookCommandDeps,
  selected: HookMeta[],
  given?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  await deps.push.ready();
  const hooks = selected.length > 0 ? selected : [...deps.push.store.list()];
  if (hooks.length === 0) {
    void vscode.window.showInformationMessage('There are no webhooks to export yet.');
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target =
    given ??
    (await vscode.window.showSaveDialog({
      title: `Export ${hooks.length} ${hooks.length === 1 ? 'webhook' : 'webhooks'} as HAR`,
      defaultUri: folder ? vscode.Uri.joinPath(folder, 'pushpull-hooks.har') : undefined,
      filters: { 'HTTP Archive': ['har'] },
    }));
  if (!target) return undefined;
  await writeHar(deps, hooks, target);
  return target;
}

export async function writeHar(
  deps: Pick<HookCommandDeps, 'push' | 'version'>,
  hooks: HookMeta[],
  target: vscode.Uri,
): Promise<void> {
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Exporting webhooks as HAR', cancellable: false },
    async (progress) => {
      const entries = [];
      const routes = configuredRoutesOrNone();
      for (const [i, hook] of [...hooks].reverse().entries()) {
        const body = await deps.push.store.readBody(hook.id);
        if (body) entries.push({ hook, body, answer: listenerAnswer(hook, routes) });
        if (i % 100 === 0)
          progress.report({ message: `${i} of ${hooks.length}`, increment: (100 / hooks.length) * 100 });
      }
      await writeUserData(target, Buffer.from(JSON.stringify(toHar(entries, deps.version), null, 2)));
    },
  );
  vscode.window.setStatusBarMessage(`$(check) Exported ${hooks.length} webhooks to ${target.fsPath}`, 5000);
}

/**
 * Writes a saved body or an export: they hold what senders sent, the HAR their Authorization and signature
 * headers too, so a file on this machine is 0600 (whatever the umask), in its folder created 0700 if missing
 * (as `workspace.fs.writeFile` creates it); other file systems set their own.
 */
async function writeUserData(target: vscode.Uri, data: Uint8Array): Promise<void> {
  if (target.scheme !== 'file') return vscode.workspace.fs.writeFile(target, data);
  await makePrivateDir(path.dirname(target.fsPath));
  await writePrivateFile(target.fsPath, data);
}
