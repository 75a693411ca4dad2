import * as vscode from 'vscode';
import type { HookMeta, HookVerdict } from '../../core/model/hook';
import { currentRoute, verdictAgain } from '../../core/hooks/signing';
import { verdictText } from '../../core/render/verdict';
import { hookInMessage, plainInMessage } from '../messageText';
import { changingStore } from '../storeErrors';
import { type HookSelection, targetHooks } from '../hooksView/selectedHook';
import type { SigningSecrets } from './secrets';
import { routesOrSay, secretArgs, setSigningSecret } from './setSecret';

/** What the signing commands need: the hooks and the view's selection, and the secrets. */
export interface SigningDeps extends HookSelection {
  readonly secrets: SigningSecrets;
}

/** Newest hooks looked at for routes to propose when Set Signing Secret… is run from the palette. */
const RECENT_HOOKS = 500;

/** Set Signing Secret… (for a route or a hook) and Check Signature Again. */
export function registerSigningCommands(deps: SigningDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('pushpull.setSigningSecret', (first?: unknown, second?: unknown, third?: unknown) =>
      setSecretCommand(deps, first, second, third),
    ),
    vscode.commands.registerCommand('pushpull.checkSignatureAgain', (node?: unknown, nodes?: unknown) =>
      checkAgain(deps, targetHooks(deps.push, deps.view, node, nodes)),
    ),
  ];
}

/**
 * Arguments: (route name, secret) for automation as before; from the Webhooks view (row, selected rows);
 * or (row or hook id, undefined, { secret, scope }). From a hook, a secret saved is at once used to check
 * that hook again.
 */
async function setSecretCommand(
  deps: SigningDeps,
  first: unknown,
  second: unknown,
  third: unknown,
): Promise<string | undefined> {
  if (typeof first === 'string' && typeof second === 'string') {
    return setSigningSecret(deps.secrets, { route: first, recent: [] }, { secret: second });
  }
  await deps.push.ready();
  const [hook] = first === undefined ? [] : targetHooks(deps.push, deps.view, first, second);
  const name = await setSigningSecret(
    deps.secrets,
    {
      route: typeof first === 'string' && !hook ? first : undefined,
      hook,
      recent: deps.push.store.newest(RECENT_HOOKS),
    },
    secretArgs(third),
  );
  if (name === undefined) return undefined;
  const checked = hook ? await checkAgain(deps, [hook]) : undefined;
  if (!checked) vscode.window.setStatusBarMessage(`$(check) Saved the signing secret of "${name}"`, 5000);
  return name;
}

/**
 * Checks the signatures of stored hooks again with the routes and secrets known now (timestamps as of their
 * arrival), keeps the new verdicts with the hooks and says what they are. Resolves with them.
 */
export async function checkAgain(deps: SigningDeps, hooks: readonly HookMeta[]): Promise<HookVerdict[] | undefined> {
  if (hooks.length === 0) {
    void vscode.window.showInformationMessage('Select a webhook in the PushPull view first.');
    return undefined;
  }
  const routes = routesOrSay();
  if (!routes) return undefined;
  const names = new Set(hooks.flatMap((hook) => currentRoute(hook, routes)?.name ?? []));
  await deps.secrets.load([...names]);
  const verdicts: HookVerdict[] = [];
  const done = await changingStore('keep the new verdicts', async () => {
    for (const hook of hooks) {
      const body = await deps.push.store.readBody(hook.id);
      if (!body) continue;
      const verdict = verdictAgain(hook, body, routes, deps.secrets.lookup);
      verdicts.push(verdict);
      await deps.push.setVerdict(hook.id, verdict);
    }
    return verdicts;
  });
  if (!done) return undefined;
  const [only] = verdicts;
  if (verdicts.length === 1 && only && hooks[0]) {
    const text = plainInMessage(`${hookInMessage(hooks[0])}: ${verdictText(only)}`);
    if (only.status === 'valid') void vscode.window.showInformationMessage(text);
    else void vscode.window.showWarningMessage(text);
  } else {
    const count = (status: HookVerdict['status']) => verdicts.filter((v) => v.status === status).length;
    void vscode.window.showInformationMessage(
      `Checked ${verdicts.length} webhooks again: ${count('valid')} valid, ${count('invalid')} invalid, ${count('no-secret')} without a secret, ${count('not-signed')} not signed.`,
    );
  }
  return verdicts;
}
