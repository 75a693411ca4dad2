import * as vscode from 'vscode';
import { systemClock } from '../../core/clock';
import type { ForwardResult, HookMeta } from '../../core/model/hook';
import type { Route } from '../../core/hooks/routes';
import { configuredRoutes } from '../config';
import {
  type ForwardRequest,
  type ForwardTarget,
  forwardHook,
  forwardPath,
  forwardTarget,
} from '../../core/relay/forward';
import { withoutCredentials } from '../../core/http/credentials';
import { isHttpUrl } from '../../core/http/url';
import { applySignedHeaders, resolveProvider, signRequest } from '../../core/verify';
import type { SigningSecrets } from '../signing/secrets';
import type { HookCommandDeps } from './hookCommands';
import { plainInMessage } from '../messageText';

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

/**
 * The headers a replay sends: the original ones, or, when the hook's route has a provider and a secret,
 * re-signed with a fresh timestamp so the receiving app accepts it (the user may keep the originals).
 * Twilio signs a JSON body through the URL's `bodySHA256`: an edited body is sent to the re-signed URL.
 */
async function replayRequest(
  secrets: SigningSecrets,
  hook: HookMeta,
  body: Uint8Array,
  target: ForwardTarget,
  resign: boolean | undefined,
): Promise<ForwardRequest | undefined> {
  const path = forwardPath(target, hook.url);
  const original = { method: hook.method, headers: hook.headers, path };
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
  const { origin } = target.url;
  const signed = signRequest(provider, {
    secret,
    body,
    clock: systemClock,
    url: `${origin}${path}`,
    headers: hook.headers,
    hmac: route?.hmac,
  });
  // A signer changes only query parameters (Twilio's bodySHA256): the URL it signed is the one sent.
  if (signed.url !== undefined && !signed.url.startsWith(origin)) {
    throw new Error(`Re-signing for ${provider} changed the target's origin (${signed.url}).`);
  }
  return {
    method: hook.method,
    headers: applySignedHeaders(hook.headers, signed.headers),
    path: signed.url === undefined ? path : signed.url.slice(origin.length),
  };
}

/** Sends the hook again to a URL the user picks (recent ones first) and shows what it answered. */
export async function replayTo(
  deps: HookCommandDeps,
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
  const request = await replayRequest(deps.secrets, hook, body, parsed, given.resign);
  if (!request) return undefined;
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: plainInMessage(`Replaying ${hook.method} ${hook.path} to ${target}…`),
    },
    () => forwardHook(request, body, parsed),
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
