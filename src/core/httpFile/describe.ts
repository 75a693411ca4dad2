import type { Environment } from '../pull/environments';
import { VariableResolver, type ResolveOptions } from '../pull/variables';
import { looksSecret } from './environments';
import { parseReference, referenceValue, type SentExchange } from './references';
import type { HttpFile } from './types';

export interface VariableDescription {
  readonly value: string;
  /** Where the value comes from, in words: `file variable (line 3)`, `environment "dev" (settings)`, … */
  readonly source: string;
  /** True when the value must be masked (a private file, a name like a token, or one that uses such a value). */
  readonly secret: boolean;
}

export interface DescribeContext {
  readonly environment: Environment;
  readonly options: ResolveOptions;
  readonly named: ReadonlyMap<string, SentExchange>;
  readonly file: HttpFile;
}

/** What `{{name}}` is (a variable, a system variable, a request reference), or undefined when nothing defines it. */
export function describeVariable(name: string, context: DescribeContext): VariableDescription | undefined {
  const { environment } = context;
  const resolver = new VariableResolver(environment, context.options);
  const resolved = (): string | undefined => {
    try {
      const resolution = resolver.resolve(`{{${name}}}`);
      return resolution.missing.length > 0 ? undefined : resolution.text;
    } catch (error) {
      return error instanceof Error ? error.message : undefined;
    }
  };
  if (name.startsWith('$')) {
    const value = resolved();
    if (value === undefined || value === `{{${name}}}`) return undefined;
    const word = name.split(/\s+/)[0] ?? '';
    const source =
      word === '$processEnv' ? 'process environment' : word === '$dotenv' ? '.env beside the file' : 'system variable';
    const secret = word === '$processEnv' || word === '$dotenv' ? looksSecret(name) : false;
    return { value, source, secret };
  }
  const reference = parseReference(name);
  if (reference && !environment.variables.has(name) && !environment.shared.has(name)) {
    if (!context.file.requests.some((r) => r.name === reference.name)) return undefined;
    const sent = context.named.get(reference.name);
    if (!sent)
      return { value: '', source: `request "${reference.name}" (not sent yet: sending sends it first)`, secret: false };
    const value = referenceValue(reference, sent);
    return {
      value: typeof value === 'string' ? value : value.problem,
      source: `${reference.side} of request "${reference.name}"`,
      secret:
        /^(authorization|cookie|set-cookie|proxy-authorization)$/i.test(reference.path) || looksSecret(reference.path),
    };
  }
  const own = environment.variables.has(name);
  if (!own && !environment.shared.has(name)) return undefined;
  const value = resolved();
  if (value === undefined) return undefined;
  const source = environment.origins?.get(name) ?? (own ? `environment "${environment.name}"` : '$shared');
  const secrets = environment.secrets ?? new Set<string>();
  const secret = secrets.has(name) || [...secrets].some((s) => s !== name && usesSecret(resolver, s, value));
  return { value, source, secret };
}

/** Whether `value` holds the (resolved) value of the secret variable `secret`. */
function usesSecret(resolver: VariableResolver, secret: string, value: string): boolean {
  try {
    const text = resolver.resolve(`{{${secret}}}`).text;
    return text.length >= 3 && value.includes(text);
  } catch {
    return false;
  }
}
