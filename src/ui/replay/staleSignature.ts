import * as vscode from 'vscode';
import type { HookMeta } from '../../core/model/hook';
import { endToEndHeaders } from '../../core/http/hopByHop';
import { replaySigner } from '../../core/relay/replay';
import { isSignatureHeader } from '../../core/verify/detect';
import { type ReplayDeps, type ReplaySource, signingOf } from './replay';

/** What to do with an edited request that still carries the original's signature: send it, or drop the header. */
export type StaleChoice = 'send' | 'remove';

/** `{ staleSignature: 'send' | 'remove' }` in Send Edited Hook…'s arguments (automation) answers the warning. */
export function staleArg(args: unknown): StaleChoice | undefined {
  const value = args && typeof args === 'object' ? (args as Record<string, unknown>).staleSignature : undefined;
  return value === 'send' || value === 'remove' ? value : undefined;
}

function sameRequest(a: ReplaySource, aBody: Uint8Array, b: ReplaySource, bBody: Uint8Array): boolean {
  const headers = (s: ReplaySource) => JSON.stringify(endToEndHeaders(s.headers));
  return (
    a.method === b.method &&
    a.url === b.url &&
    headers(a) === headers(b) &&
    Buffer.from(aBody).equals(Buffer.from(bBody))
  );
}

/**
 * Decides how an edited request goes out. With a provider and a secret it is re-signed (unless `given.resign`
 * says not to). Otherwise, when it differs from the hook as received but still carries its signature, a
 * modal warns that the signature is stale: send anyway, remove the signature header, or cancel (undefined).
 */
export async function staleSignature(
  deps: Pick<ReplayDeps, 'secrets'>,
  hook: HookMeta,
  hookBody: Uint8Array,
  edited: ReplaySource,
  body: Uint8Array,
  given: { readonly resign?: boolean; readonly stale?: StaleChoice },
): Promise<{ readonly source: ReplaySource; readonly resign: boolean } | undefined> {
  const signing = await signingOf(deps.secrets, edited);
  if (replaySigner(edited, signing) && given.resign !== false) return { source: edited, resign: true };
  const custom = signing.route?.hmac?.header.toLowerCase();
  const carried = edited.headers
    .map(([name]) => name)
    .filter((name) => isSignatureHeader(name) || name.toLowerCase() === custom);
  const original = { ...edited, method: hook.method, url: hook.url, headers: hook.headers };
  if (carried.length === 0 || sameRequest(original, hookBody, edited, body)) return { source: edited, resign: false };
  const names = [...new Set(carried)].join(', ');
  const choice =
    given.stale ??
    (
      await vscode.window.showWarningMessage(
        `The edited request still carries the original's signature (${names}), which no longer matches it.`,
        {
          modal: true,
          detail:
            'No signing secret is set for its route, so PushPull cannot sign it again (PushPull: Set Signing Secret…). Your app will most likely refuse the old signature.',
        },
        { title: 'Send Anyway', choice: 'send' as const },
        { title: 'Remove Signature Header', choice: 'remove' as const },
      )
    )?.choice;
  if (!choice) return undefined;
  if (choice === 'send') return { source: edited, resign: false };
  const kept = edited.headers.filter(([name]) => !carried.includes(name));
  return { source: { ...edited, headers: kept }, resign: false };
}
