import type { Route } from '../core/hooks/routes';
import { currentRoute, verdictFor } from '../core/hooks/signing';
import type { HookMeta, HookVerdict } from '../core/model/hook';
import type { ProviderName } from '../core/model/verdict';
import { DurableHookStore } from '../core/store/durable/durableHookStore';
import type { HmacOptions } from '../core/verify/types';
import { printable, terminalSafeJson } from './format';
import { type CliIo, write } from './io';
import { readRoutesFile } from './routesFile';

/** What `pushpull verify --store DIR --id ID` is given. */
export interface StoredCheck {
  readonly store: string;
  readonly id: string;
  readonly routesFile: string | undefined;
  /** `--provider`: overrides the route's (or the headers') scheme. */
  readonly provider: ProviderName | undefined;
  readonly hmac: HmacOptions | undefined;
  /** `--secret` / `--secret-env` / PUSHPULL_SECRET; otherwise the route's `secretEnv`. */
  readonly secret: string | undefined;
  /** `--now` in ms; otherwise timestamps are judged as of the hook's arrival. */
  readonly now: number | undefined;
}

/**
 * The hook named `id` in `store`: its full id, its unique start, or `latest`; undefined when there is none
 * or the start is shared by several hooks.
 */
export function findStoredHook(store: Pick<DurableHookStore, 'get' | 'list'>, id: string): HookMeta | undefined {
  if (id === 'latest') return store.list()[0];
  const exact = store.get(id);
  if (exact || id.length < 4) return exact;
  const matches = store.list().filter((hook) => hook.id.startsWith(id));
  return matches.length === 1 ? matches[0] : undefined;
}

/** Checks a stored hook's signature again, as the editor's Check Signature Again does, and prints the verdict. */
export async function verifyStored(check: StoredCheck, io: CliIo): Promise<number> {
  const routes = check.routesFile ? await readRoutesFile(check.routesFile) : [];
  const store = await DurableHookStore.openReadOnly(check.store);
  try {
    const hook = findStoredHook(store, check.id);
    const body = hook && (await store.readBody(hook.id));
    if (!hook || !body) {
      await write(io.stderr, `pushpull: no hook ${printable(check.id)} in ${printable(check.store)}\n`);
      return 1;
    }
    const verdict = storedVerdict(hook, body, routes, check, io.env);
    // Reasons quote header values as sent: the characters a terminal acts on are written as escapes.
    await write(io.stdout, `${terminalSafeJson({ id: hook.id, ...verdict }, 2)}\n`);
    return verdict.status === 'valid' ? 0 : 1;
  } finally {
    await store.close();
  }
}

function storedVerdict(
  hook: HookMeta,
  body: Uint8Array,
  routes: readonly Route[],
  check: StoredCheck,
  env: NodeJS.ProcessEnv,
): HookVerdict {
  const found = currentRoute(hook, routes);
  // A provider given on the command line names the scheme; the route (if any) still gives publicUrl.
  const route: Route | undefined = check.provider
    ? {
        name: found?.name ?? '--provider',
        pathPrefix: '/',
        ...found,
        provider: check.provider,
        hmac: check.hmac ?? found?.hmac,
      }
    : found;
  const secretFor = (name: string): string | undefined => {
    if (check.secret !== undefined) return check.secret;
    const own = routes.find((r) => r.name === name)?.secretEnv;
    return own ? env[own] || undefined : undefined;
  };
  const at = check.now ?? hook.receivedAt;
  const parts = { method: hook.method, url: hook.url, fullUrl: hook.fullUrl, headers: hook.headers, body };
  // Without a route: the scheme the headers name, checked with the secret given.
  return verdictFor(parts, route ?? { name: '--secret', pathPrefix: '/' }, secretFor, { now: () => at });
}
