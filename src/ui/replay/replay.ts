import * as vscode from 'vscode';
import type { ForwardResult, HookMeta } from '../../core/model/hook';
import type { Route } from '../../core/hooks/routes';
import { type ForwardTarget, forwardHook, forwardTarget } from '../../core/relay/forward';
import { planReplay, replaySigner } from '../../core/relay/replay';
import { withoutCredentials } from '../../core/http/credentials';
import { isHttpUrl } from '../../core/http/url';
import type { HttpLoader } from '../../core/pull/lazyHttp';
import type { ProviderName } from '../../core/model/verdict';
import type { CompareDeps } from '../compare/compareWith';
import { configuredRoutes } from '../config';
import type { SigningSecrets } from '../signing/secrets';
import { plainInMessage } from '../messageText';

/** What Replay To… needs: recent targets, signing secrets, and where the answer opens. */
export interface ReplayDeps {
  readonly memento: vscode.Memento;
  readonly secrets: SigningSecrets;
  readonly compare: Pick<CompareDeps, 'documents'>;
  /** The sender (undici), loaded from its own bundle with the first replay. */
  readonly http: HttpLoader;
}

const REPLAY_TARGETS = 'pushpull.replayTargets';

/** Replay To… arguments for automation: the target URL, and whether to re-sign (default: ask when a secret exists). */
export interface ReplayArgs {
  readonly target?: string;
  readonly resign?: boolean;
}

export function replayArgs(given: unknown): ReplayArgs {
  if (typeof given === 'string') return { target: given };
  if (given && typeof given === 'object') {
    const { target, resign } = given as Record<string, unknown>;
    return {
      target: typeof target === 'string' ? target : undefined,
      resign: typeof resign === 'boolean' ? resign : undefined,
    };
  }
  return {};
}

/** The hook's route as the settings name it now, and its signing secret: what a replay may re-sign with. */
async function signingOf(secrets: SigningSecrets, hook: HookMeta): Promise<{ route?: Route; secret?: string }> {
  let routes: Route[];
  try {
    routes = configuredRoutes();
  } catch {
    routes = [];
  }
  const route = routes.find((r) => r.name === hook.route);
  if (!route) return {};
  await secrets.load([route.name]);
  return { route, secret: secrets.lookup(route.name) };
}

/** Asks whether to re-sign for `provider` or send the original headers; undefined when the user cancels. */
async function askResign(provider: ProviderName, hook: HookMeta): Promise<boolean | undefined> {
  const choice = await vscode.window.showQuickPick(
    [
      {
        label: `Re-sign for ${provider} with a fresh timestamp`,
        detail: 'Your app accepts the replay.',
        resign: true,
      },
      {
        label: 'Send the original headers unchanged',
        detail: 'Timestamped signatures may be refused as too old.',
        resign: false,
      },
    ],
    { title: `Replay ${hook.method} ${hook.path}` },
  );
  return choice?.resign;
}

/** Sends the hook again to a URL the user picks (recent ones first) and shows what it answered. */
export async function replayTo(
  deps: ReplayDeps,
  hook: HookMeta,
  body: Uint8Array,
  given: ReplayArgs = {},
): Promise<ForwardResult | undefined> {
  // Targets with `user:password@` are not remembered (older versions did: those are dropped here).
  const recent = deps.memento.get<string[]>(REPLAY_TARGETS, []).filter((t) => withoutCredentials(t) === t);
  const chosen = given.target ?? (await pickTarget(recent));
  if (!chosen) return undefined;
  let parsed: ForwardTarget;
  try {
    parsed = forwardTarget(chosen);
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot replay: ${(error as Error).message}.`);
    return undefined;
  }
  // Shown without its credentials (they are still sent, as Basic auth).
  const target = parsed.text;
  const remembered = target === chosen ? [target, ...recent.filter((t) => t !== target)] : recent;
  await deps.memento.update(REPLAY_TARGETS, remembered.slice(0, 10));
  const signing = await signingOf(deps.secrets, hook);
  const provider = replaySigner(hook, signing);
  let resign = given.resign ?? false;
  // With a provider and a secret, the user chooses unless the caller did.
  if (provider && given.resign === undefined) {
    const choice = await askResign(provider, hook);
    if (choice === undefined) return undefined;
    resign = choice;
  }
  const request = planReplay(hook, body, parsed, { ...signing, resign });
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: plainInMessage(`Replaying ${hook.method} ${hook.path} to ${target}…`),
    },
    () => forwardHook(request, body, parsed, { send: deps.http.get().sendExact }),
  );
  const summary = result.status
    ? `${target} answered ${result.status} in ${result.ms} ms`
    : `${target} could not be reached: ${result.error ?? 'no answer'}`;
  const message = plainInMessage(`Replayed ${hook.method} ${hook.path}: ${summary}.`);
  const shown =
    result.status && result.status < 400
      ? vscode.window.showInformationMessage(message, 'Show Answer')
      : vscode.window.showWarningMessage(message, 'Show Answer');
  // The command resolves with the result at once; the answer opens if the user asks for it.
  void shown.then(async (choice) => {
    if (!choice) return;
    const uri = deps.compare.documents.put(
      `Answer from ${target}`,
      `${summary}\n\n${result.body ?? ''}\n`,
      'plaintext',
    );
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });
  return result;
}

export async function pickTarget(recent: readonly string[]): Promise<string | undefined> {
  const items: vscode.QuickPickItem[] = [...recent.map((label) => ({ label, description: 'recent' }))];
  const quickPick = vscode.window.createQuickPick();
  quickPick.title = 'Replay to…';
  quickPick.placeholder = 'Type the URL of your app, e.g. http://localhost:3000/webhooks';
  quickPick.items = items;
  return new Promise((resolve) => {
    quickPick.onDidChangeValue((value) => {
      quickPick.items = value ? [{ label: value, description: 'new target' }, ...items] : items;
    });
    quickPick.onDidAccept(() => {
      const value = quickPick.selectedItems[0]?.label ?? quickPick.value;
      if (/\s/.test(value) || !isHttpUrl(value)) {
        quickPick.title = 'Replay to… (enter an http:// or https:// URL)';
        return;
      }
      resolve(value);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      resolve(undefined);
      quickPick.dispose();
    });
    quickPick.show();
  });
}
