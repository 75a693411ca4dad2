import * as vscode from 'vscode';
import type { ForwardResult, HookMeta } from '../../core/model/hook';
import type { Route } from '../../core/hooks/routes';
import { currentRoute } from '../../core/hooks/signing';
import { type ForwardTarget, calledUrl, forwardHook, forwardTarget } from '../../core/relay/forward';
import { planReplay, replaySigner } from '../../core/relay/replay';
import { withoutCredentials } from '../../core/http/credentials';
import type { HttpLoader } from '../../core/pull/lazyHttp';
import type { ProviderName } from '../../core/model/verdict';
import type { CompareDeps } from '../compare/compareWith';
import { configuredRoutesOrNone } from '../config';
import type { SigningSecrets } from '../signing/secrets';
import { plainInMessage } from '../messageText';
import { pickTarget } from './targetPick';

/** What Replay To… needs: recent targets, signing secrets, and where the answer opens. */
export interface ReplayDeps {
  readonly memento: vscode.Memento;
  readonly secrets: SigningSecrets;
  readonly compare: Pick<CompareDeps, 'documents'>;
  /** The sender (undici), loaded from its own bundle with the first replay. */
  readonly http: HttpLoader;
}

const REPLAY_TARGETS = 'pushpull.replayTargets';

/**
 * Replay To… arguments for automation: the target URL, whether the hook's path goes after it (default: the
 * target is called as given), and whether to re-sign (default: ask when a secret exists).
 */
export interface ReplayArgs {
  readonly target?: string;
  readonly keepPath?: boolean;
  readonly resign?: boolean;
}

export function replayArgs(given: unknown): ReplayArgs {
  if (typeof given === 'string') return { target: given };
  if (given && typeof given === 'object') {
    const { target, resign, keepPath } = given as Record<string, unknown>;
    return {
      target: typeof target === 'string' ? target : undefined,
      keepPath: typeof keepPath === 'boolean' ? keepPath : undefined,
      resign: typeof resign === 'boolean' ? resign : undefined,
    };
  }
  return {};
}

/** What a replay sends: a stored hook, or the request Edit and Replay made of one. */
export type ReplaySource = Pick<HookMeta, 'method' | 'url' | 'path' | 'headers' | 'route' | 'verdict'>;

/**
 * The hook's route as the settings name it now (by name, else by path: a route made after it arrived), and
 * its signing secret: what a replay may re-sign with.
 */
export async function signingOf(
  secrets: SigningSecrets,
  hook: Pick<HookMeta, 'route' | 'path'>,
): Promise<{ route?: Route; secret?: string }> {
  const routes = configuredRoutesOrNone();
  const route = currentRoute(hook, routes);
  if (!route) return {};
  await secrets.load([route.name]);
  return { route, secret: secrets.lookup(route.name) };
}

/** Asks whether to re-sign for `provider` or send the original headers; undefined when the user cancels. */
async function askResign(provider: ProviderName, hook: ReplaySource): Promise<boolean | undefined> {
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
  hook: ReplaySource,
  body: Uint8Array,
  given: ReplayArgs = {},
): Promise<ForwardResult | undefined> {
  // Targets with `user:password@` are not remembered (older versions did: those are dropped here).
  const recent = deps.memento.get<string[]>(REPLAY_TARGETS, []).filter((t) => withoutCredentials(t) === t);
  const picked =
    given.target !== undefined
      ? { target: given.target, keepPath: given.keepPath ?? false }
      : await pickTarget(recent, hook.url, hook.path);
  if (!picked) return undefined;
  const { target: chosen, keepPath } = picked;
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
  const request = planReplay(hook, body, parsed, { ...signing, resign, keepPath });
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: plainInMessage(`Replaying ${hook.method} ${hook.path} to ${calledUrl(parsed, request.path)}…`),
    },
    () => forwardHook(request, body, parsed, { send: deps.http.get().sendExact }),
  );
  // The URL actually called, as the result names it.
  const summary = result.status
    ? `${result.target} answered ${result.status} in ${result.ms} ms`
    : `${result.target} could not be reached: ${result.error ?? 'no answer'}`;
  const message = plainInMessage(`Replayed ${hook.method} ${hook.path}: ${summary}.`);
  const shown =
    result.status && result.status < 400
      ? vscode.window.showInformationMessage(message, 'Show Answer')
      : vscode.window.showWarningMessage(message, 'Show Answer');
  // The command resolves with the result at once; the answer opens if the user asks for it.
  void shown.then(async (choice) => {
    if (!choice) return;
    const uri = deps.compare.documents.put(
      `Answer from ${result.target}`,
      `${summary}\n\n${result.body ?? ''}\n`,
      'plaintext',
    );
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });
  return result;
}
