import type { Clock } from '../clock';
import { detectProvider } from '../verify/detect';
import { requestFromHook, verifyRequest } from '../verify/registry';
import type { CapturedHook, HookVerdict } from '../model/hook';
import type { Route } from './routes';

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
