/**
 * Environments in REST Client's shape, as the `pushpull.environments` setting holds them:
 * `{ "$shared": { "host": "…" }, "dev": { "token": "{{host}}…" }, "prod": {…} }`. `$shared` applies under every
 * environment; an environment's own variable of the same name wins.
 */

export const SHARED_ENVIRONMENT = '$shared';

/** The variables a request sees: the selected environment's own, then `$shared`'s. */
export interface Environment {
  /** '' when no environment is selected (only `$shared` applies). */
  readonly name: string;
  readonly variables: ReadonlyMap<string, string>;
  readonly shared: ReadonlyMap<string, string>;
  /** Names whose values are secret (from a private file, or named like a token): masked in hovers and history. */
  readonly secrets?: ReadonlySet<string>;
  /** Where each variable comes from, in words (`http-client.env.json`, `settings`), for hovers. */
  readonly origins?: ReadonlyMap<string, string>;
}

export const NO_VARIABLES: Environment = { name: '', variables: new Map(), shared: new Map() };

export interface Environments {
  /** The environments one can select, in the order written (`$shared` is not one of them). */
  readonly names: readonly string[];
  /** What in the setting was left out and why, one sentence each. */
  readonly problems: readonly string[];
  /** The named environment with `$shared` under it; only `$shared` for '' or a name that is not defined. */
  select(name: string): Environment;
}

/** Reads the setting's value (anything: it is checked here), keeping every variable it can. */
export function readEnvironments(setting: unknown): Environments {
  const problems: string[] = [];
  const tables = new Map<string, Map<string, string>>();
  if (setting !== undefined && setting !== null && !isObject(setting)) {
    problems.push('The environments setting is not an object of environments; no variables apply.');
  } else if (isObject(setting)) {
    for (const [name, table] of Object.entries(setting)) {
      if (!isObject(table)) {
        problems.push(`Environment "${name}" is not an object of variables; it is left out.`);
        continue;
      }
      tables.set(name, readVariables(name, table, problems));
    }
  }
  const shared = tables.get(SHARED_ENVIRONMENT) ?? new Map<string, string>();
  return {
    names: [...tables.keys()].filter((name) => name !== SHARED_ENVIRONMENT),
    problems,
    select(name: string): Environment {
      const own = name === SHARED_ENVIRONMENT ? undefined : tables.get(name);
      return own ? { name, variables: own, shared } : { name: '', variables: new Map(), shared };
    },
  };
}

function readVariables(environment: string, table: Record<string, unknown>, problems: string[]): Map<string, string> {
  const variables = new Map<string, string>();
  for (const [name, value] of Object.entries(table)) {
    if (typeof value === 'string') variables.set(name, value);
    else if (typeof value === 'number' || typeof value === 'boolean') variables.set(name, String(value));
    else {
      const kind = value === null ? 'null' : Array.isArray(value) ? 'a list' : `of type ${typeof value}`;
      problems.push(`Variable "${name}" of environment "${environment}" is ${kind}, not text; it is left out.`);
    }
  }
  return variables;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
