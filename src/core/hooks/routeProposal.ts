import type { HookMeta } from '../model/hook';
import type { ProviderName } from '../model/verdict';
import { detectProvider } from '../verify/detect';
import { resolveProvider } from '../verify/registry';
import type { Route } from './routes';
import { currentRoute } from './signing';

/** A route to create for hooks that arrived without one: what `pushpull.listener.routes` gets, as JSON. */
export interface ProposedRoute {
  readonly name: string;
  readonly pathPrefix: string;
  readonly provider?: ProviderName;
}

/** Longest route name proposed (a path segment is the sender's choice). */
const MAX_NAME = 40;

/**
 * The scheme a hook was signed with: the one its headers name, else the one its verdict named (a route
 * said so when it arrived).
 */
export function hookProvider(hook: Pick<HookMeta, 'headers' | 'verdict'>): ProviderName | undefined {
  return detectProvider(hook.headers) ?? (hook.verdict?.provider ? resolveProvider(hook.verdict.provider) : undefined);
}

/**
 * A route for `hook`, which no route in `routes` matches: its path's first segment as prefix (`/github` for
 * `/github/actions`; `/` for a hook to the root), named after that segment (or the provider, or "webhooks"),
 * the name made unique among `routes`. Undefined when a route matches the hook already.
 */
export function proposeRoute(
  hook: Pick<HookMeta, 'route' | 'path' | 'headers' | 'verdict'>,
  routes: readonly Route[],
): ProposedRoute | undefined {
  if (currentRoute(hook, routes)) return undefined;
  const segment = hook.path.split('/').find((part) => part !== '') ?? '';
  // The segment as received, when it reads plainly as a name; otherwise the route takes every path.
  const plain = segment.length <= MAX_NAME && /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/.test(segment) ? segment : '';
  const pathPrefix = plain ? `/${plain}` : '/';
  const provider = hookProvider(hook);
  const base = plain || provider || 'webhooks';
  const taken = new Set(routes.map((route) => route.name));
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  return provider ? { name, pathPrefix, provider } : { name, pathPrefix };
}
