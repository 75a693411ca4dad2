import { type Clock, systemClock } from '../clock';
import { PushPullError } from '../errors';
import type { HookMeta } from '../model/hook';
import type { Route } from '../hooks/routes';
import type { ProviderName } from '../model/verdict';
import { applySignedHeaders, resolveProvider, signRequest } from '../verify';
import { type ForwardRequest, type ForwardTarget, forwardPath } from './forward';

/** The parts of a hook a replay sends again, and those that tell how it was signed. */
export type ReplayedHook = Pick<HookMeta, 'method' | 'url' | 'headers' | 'route' | 'verdict'>;

/** What a replay knows beyond the hook: its route and signing secret as configured now, and the user's choice. */
export interface ReplaySigning {
  /** The hook's route as the settings name it now (its provider and `hmac` options), if it still exists. */
  readonly route?: Route;
  /** The route's signing secret, if one is kept. */
  readonly secret?: string;
  /** Whether to re-sign when a provider and a secret are known; otherwise the original headers are sent. */
  readonly resign: boolean;
  /** Gives the fresh timestamp of a re-signed replay (default: the system clock). */
  readonly clock?: Clock;
  /** Whether the hook's path and query go after the target's path; otherwise the target is called as given. */
  readonly keepPath?: boolean;
}

/** Why a replay was not sent; `code` is stable. */
export class ReplayError extends PushPullError {
  constructor(code: 'REPLAY_ORIGIN_CHANGED', message: string) {
    super(code, message);
  }
}

/**
 * The scheme a replay of `hook` can be re-signed for: its route's provider, else the one its verdict named;
 * undefined when there is none or no secret to sign with (then the original headers are all a replay can send).
 */
export function replaySigner(
  hook: Pick<ReplayedHook, 'verdict'>,
  { route, secret }: Pick<ReplaySigning, 'route' | 'secret'>,
): ProviderName | undefined {
  const provider = route?.provider ?? (hook.verdict?.provider ? resolveProvider(hook.verdict.provider) : undefined);
  return provider && secret ? provider : undefined;
}

/**
 * The request a replay of `hook` with `body` sends to `target`: the original method and headers to the target as
 * given (or, with `keepPath`, on the target's path joined with the hook's), or, when asked to and a provider and secret are known, re-signed with a fresh
 * timestamp so the receiving app accepts it. Twilio signs a JSON body through the URL's `bodySHA256`: an edited
 * body goes to the re-signed URL. Throws a `ReplayError` when signing would change the target's origin.
 */
export function planReplay(
  hook: ReplayedHook,
  body: Uint8Array,
  target: ForwardTarget,
  signing: ReplaySigning,
): ForwardRequest {
  const path = forwardPath(target, hook.url, signing.keepPath);
  const provider = replaySigner(hook, signing);
  if (!provider || signing.secret === undefined || !signing.resign) {
    return { method: hook.method, headers: hook.headers, path };
  }
  const { origin } = target.url;
  const signed = signRequest(provider, {
    secret: signing.secret,
    body,
    clock: signing.clock ?? systemClock,
    url: `${origin}${path}`,
    headers: hook.headers,
    hmac: signing.route?.hmac,
  });
  // A signer changes only query parameters (Twilio's bodySHA256): the URL it signed is the one sent.
  if (signed.url !== undefined && !signed.url.startsWith(origin)) {
    throw new ReplayError(
      'REPLAY_ORIGIN_CHANGED',
      `Re-signing for ${provider} changed the target's origin (${signed.url}).`,
    );
  }
  return {
    method: hook.method,
    headers: applySignedHeaders(hook.headers, signed.headers),
    path: signed.url === undefined ? path : signed.url.slice(origin.length),
  };
}
