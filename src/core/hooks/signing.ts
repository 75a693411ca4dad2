import type { Clock } from '../clock';
import { detectProvider } from '../verify/detect';
import { requestFromHook, verifyRequest } from '../verify/registry';
import type { CapturedHook, HookMeta, HookVerdict } from '../model/hook';
import { type Route, matchRoute } from './routes';

/** What a signature check reads of a hook. */
export type SignedParts = Pick<CapturedHook, 'method' | 'url' | 'fullUrl' | 'headers' | 'body'>;

/** The signing secret of a route, by route name; the UI reads SecretStorage, the CLI flags and the environment. */
export type SecretLookup = (routeName: string) => string | undefined;

/**
 * The signature verdict of a captured hook. The route's provider is used, else the one the headers name;
 * a hook without either is `not-signed`, and one without a signature on a route that names its provider is
 * `invalid`. Checked on the raw body bytes; never throws.
 */
export function verdictFor(
  hook: SignedParts,
  route: Route | undefined,
  secretFor: SecretLookup,
  clock: Clock,
): HookVerdict {
  const provider = route?.provider ?? detectProvider(hook.headers);
  if (!provider) return { status: 'not-signed' };
  const secret = route ? secretFor(route.name) : undefined;
  // Behind a tunnel the provider called another URL than the listener saw; Twilio signs that URL.
  const fullUrl = route?.publicUrl ? `${route.publicUrl.replace(/\/$/, '')}${hook.url}` : hook.fullUrl;
  const verdict = verifyRequest(provider, requestFromHook(hook, fullUrl), {
    secret,
    clock,
    hmac: route?.hmac,
  });
  // A route that names its provider expects every request signed: one without a signature is suspect.
  return route?.provider && verdict.status === 'not-signed' ? { ...verdict, status: 'invalid' } : verdict;
}

/**
 * The route a stored hook belongs to now: the one it arrived on, by name, else the first whose `pathPrefix`
 * matches its path (a route created after it arrived, as Set Signing Secret… does from a hook).
 */
export function currentRoute(hook: Pick<HookMeta, 'route' | 'path'>, routes: readonly Route[]): Route | undefined {
  const named = hook.route === undefined ? undefined : routes.find((route) => route.name === hook.route);
  return named ?? matchRoute(routes, hook.path);
}

/**
 * A stored hook's verdict made again with the routes and secrets known now (Check Signature Again, `pushpull
 * verify --id`). Timestamps are judged as of the hook's arrival: a hook checked a day later is not too old.
 */
export function verdictAgain(
  hook: HookMeta,
  body: Uint8Array,
  routes: readonly Route[],
  secretFor: SecretLookup,
): HookVerdict {
  const route = currentRoute(hook, routes);
  // Read field by field: a stored hook's url and headers are getters, which a spread would leave out.
  const parts = { method: hook.method, url: hook.url, fullUrl: hook.fullUrl, headers: hook.headers, body };
  return verdictFor(parts, route, secretFor, { now: () => hook.receivedAt });
}
