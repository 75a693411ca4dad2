import * as vscode from 'vscode';
import { systemClock } from '../../core/clock';
import type { ForwardResult, HookMeta } from '../../core/hooks/capture';
import type { Route } from '../../core/hooks/routes';
import { configuredRoutes } from '../config';
import { forwardBase, forwardHook, forwardUrl } from '../../core/relay/forward';
import { applySignedHeaders, resolveProvider, signRequest } from '../../core/verify';
import type { SigningSecrets } from '../signing/secrets';
import type { HookCommandDeps } from './hookCommands';

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

/** What a replay sends besides the body: headers, and the path and query (re-signing may change them). */
interface ReplayRequest {
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly url: string;
}

/**
 * The headers a replay sends: the original ones, or, when the hook's route has a provider and a secret,
 * re-signed with a fresh timestamp so the receiving app accepts it (the user may keep the originals).
 * Twilio signs a JSON body through the URL's `bodySHA256`: an edited body is sent to the re-signed URL.
 */
async function replayRequest(
  secrets: SigningSecrets,
  hook: HookMeta,
  body: Uint8Array,
  target: string,
  resign: boolean | undefined,
): Promise<ReplayRequest | undefined> {
  const original = { headers: hook.headers, url: hook.url };
  let routes: Route[];
  try {
    routes = configuredRoutes();
  } catch {
    routes = [];
  }
  const route = routes.find((r) => r.name === hook.route);
  const provider = route?.provider ?? (hook.verdict?.provider ? resolveProvider(hook.verdict.provider) : undefined);
  if (route) await secrets.load([route.name]);
  const secret = route ? secrets.lookup(route.name) : undefined;
  if (!provider || !secret || resign === false) return original;
  if (resign === undefined) {
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
    if (!choice) return undefined;
    if (!choice.resign) return original;
  }
  const full = forwardUrl(target, hook);
  const signed = signRequest(provider, {
    secret,
    body,
    clock: systemClock,
    url: full,
    headers: hook.headers,
    hmac: route?.hmac,
  });
  // The signed URL is the target's base followed by the hook's path and query, with only its parameters changed.
  const base = forwardBase(target);
  const url = signed.url?.startsWith(base) ? signed.url.slice(base.length) : hook.url;
  return { headers: applySignedHeaders(hook.headers, signed.headers), url };
}

/** Sends the hook again to a URL the user picks (recent ones first) and shows what it answered. */
export async function replayTo(
  deps: HookCommandDeps,
  hook: HookMeta,
  body: Uint8Array,
  given: ReplayArgs = {},
): Promise<ForwardResult | undefined> {
  const recent = deps.memento.get<string[]>(REPLAY_TARGETS, []);
  const target = given.target ?? (await pickTarget(recent));
  if (!target) return undefined;
  await deps.memento.update(REPLAY_TARGETS, [target, ...recent.filter((t) => t !== target)].slice(0, 10));
  const request = await replayRequest(deps.secrets, hook, body, target, given.resign);
  if (!request) return undefined;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Replaying ${hook.method} ${hook.path} to ${target}…` },
    () => forwardHook({ method: hook.method, ...request }, body, target),
  );
  const summary = result.status
    ? `${target} answered ${result.status} in ${result.ms} ms`
    : `${target} could not be reached: ${result.error ?? 'no answer'}`;
  const message = `Replayed ${hook.method} ${hook.path}: ${summary}.`;
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
      if (!/^https?:\/\/\S+$/.test(value) || !URL.canParse(value)) {
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
