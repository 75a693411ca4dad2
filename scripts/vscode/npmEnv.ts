/**
 * The environment for an `npm install` this harness starts itself (code-server, Node from npm).
 *
 * Under `npm test`, `npm start` or `npm run …`, npm hands its running script a copy of its own state:
 * `npm_config_user_agent` (naming the outer Node), `npm_config_nodedir`, `npm_config_prefix`,
 * `npm_lifecycle_*`, `npm_package_*`, `npm_execpath`, `INIT_CWD`, … An inner npm reads every
 * `npm_config_*` variable as its own config, so it would claim the outer Node's version (code-server's
 * postinstall then refuses to run on Node 24) and build against the outer Node's headers.
 *
 * What a user sets on purpose to reach the registry — registry, proxy, certificates, credentials, cache,
 * retries — still reaches the inner npm, whichever command started the harness. Everything else in
 * `.npmrc` reaches it anyway, since the inner npm reads the same files.
 */

/** npm config keys (lower case, `-` as `_`) a user sets to reach a registry; kept for an inner npm. */
const KEPT_CONFIG = new Set([
  'registry',
  'proxy',
  'https_proxy',
  'http_proxy',
  'noproxy',
  'no_proxy',
  'ca',
  'cafile',
  'cert',
  'key',
  'strict_ssl',
  'cache',
  'userconfig',
  'globalconfig',
  'offline',
  'prefer_offline',
  'prefer_online',
  'fetch_retries',
  'fetch_retry_factor',
  'fetch_retry_mintimeout',
  'fetch_retry_maxtimeout',
  'fetch_timeout',
  'maxsockets',
  'local_address',
  'always_auth',
  '_auth',
  '_authtoken',
  'username',
  '_password',
  'email',
]);

/** Variables npm sets for the script it runs, other than `npm_config_*`. */
const SCRIPT_VARIABLES = /^(npm_lifecycle_|npm_package_)|^(npm_execpath|npm_node_execpath|npm_command|init_cwd|node)$/;

const CONFIG_PREFIX = 'npm_config_';

/** True when an inner npm should see `name` (compared without regard to case, as npm does). */
export function keepForInnerNpm(name: string): boolean {
  const lower = name.toLowerCase();
  if (SCRIPT_VARIABLES.test(lower)) {
    return false;
  }
  if (!lower.startsWith(CONFIG_PREFIX)) {
    return true;
  }
  const key = lower.slice(CONFIG_PREFIX.length).replace(/-/g, '_');
  // Scoped registries (`@scope:registry`) and per-registry credentials (`//host/:_authToken`).
  return KEPT_CONFIG.has(key) || key.endsWith(':registry') || key.startsWith('//');
}

/** `base` without what an outer npm set for its running script, then `overrides` on top. */
export function innerNpmEnv(
  base: NodeJS.ProcessEnv,
  overrides: Readonly<Record<string, string>> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && keepForInnerNpm(name)) {
      env[name] = value;
    }
  }
  return { ...env, ...overrides };
}
