import type { Environment } from '../pull/environments';
import { looksSecret } from './environments';
import type { HttpFile } from './types';

/**
 * The environment request `index` sees (null: the file level): the file's `@name = value` variables over the
 * environment's own. A variable written before any request, or in this request or an earlier one, applies; one
 * written further down applies too when nothing above defines that name (REST Client reads the whole file).
 */
export function withFileVariables(environment: Environment, file: HttpFile, index: number | null): Environment {
  const variables = new Map(environment.variables);
  const origins = new Map(environment.origins ?? []);
  const secrets = new Set(environment.secrets ?? []);
  const seen = new Set<string>();
  const visible = file.variables.filter((v) => v.requestIndex === null || (index !== null && v.requestIndex <= index));
  const later = file.variables.filter((v) => !visible.includes(v));
  for (const variable of visible) {
    variables.set(variable.name, variable.value);
    origins.set(variable.name, `file variable (line ${variable.range.start.line + 1})`);
    seen.add(variable.name);
    if (looksSecret(variable.name)) secrets.add(variable.name);
  }
  for (const variable of later) {
    if (seen.has(variable.name)) continue;
    seen.add(variable.name);
    variables.set(variable.name, variable.value);
    origins.set(variable.name, `file variable (line ${variable.range.start.line + 1})`);
    if (looksSecret(variable.name)) secrets.add(variable.name);
  }
  return { ...environment, variables, origins, secrets };
}

/** The most bytes of a `.env` file read. */
export const MAX_DOTENV_BYTES = 1024 * 1024;

/**
 * A `.env` file's `NAME=value` lines (`export ` before the name allowed, `#` comments, values in single or double
 * quotes, `\n` in double quotes), in a Map so that any name is harmless.
 */
export function parseDotenv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.slice(0, MAX_DOTENV_BYTES).split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/.exec(raw);
    if (!match) continue;
    const [, name = '', rest = ''] = match;
    let value = rest.trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    values.set(name, value);
  }
  return values;
}
