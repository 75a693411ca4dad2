import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '../clock';
import { PushPullError } from '../errors';
import type { RequestDraft } from './draft';
import { sentTexts } from './draftFields';
import type { Environment } from './environments';
import { systemVariable } from './systemVariables';

export type VariableErrorCode = 'VARIABLE_CYCLE' | 'VARIABLE_TOO_LONG' | 'VARIABLE_TOO_DEEP' | 'VARIABLE_ARGUMENT';

export class VariableError extends PushPullError {
  constructor(
    override readonly code: VariableErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}

/** The most characters one text may have once its variables are resolved (more when the text itself is longer). */
export const MAX_RESOLVED_LENGTH = 8_000_000;
/** The most levels of variables that use variables. */
export const MAX_VARIABLE_DEPTH = 64;
/** The most characters between `{{` and `}}` (a name, or a system variable and its arguments). */
const MAX_INNER = 200;

export interface ResolveOptions {
  /** `{{$timestamp}}` and `{{$isoTimestamp}}` read it. */
  readonly clock?: Clock;
  /** A number in [0, 1), as `Math.random`; `{{$randomInt}}` reads it. */
  readonly random?: () => number;
  /** `{{$guid}}` calls it. */
  readonly guid?: () => string;
  readonly maxLength?: number;
  /** `{{$processEnv NAME}}` reads it (`.http` files); without it such variables are left as written. */
  readonly processEnv?: (name: string) => string | undefined;
  /** `{{$dotenv NAME}}` reads it (`.http` files); without it such variables are left as written. */
  readonly dotenv?: (name: string) => string | undefined;
  /**
   * What `{{inner}}` is when no variable has that name (a `.http` request reference such as
   * `login.response.body.$.token`): its value, a name to report as missing, a problem (thrown as
   * VARIABLE_ARGUMENT), or undefined when it is not a reference.
   */
  readonly reference?: (inner: string) => string | { missing: string } | { problem: string } | undefined;
}

export interface Resolution {
  readonly text: string;
  /** Names used (directly or through other variables) that no variable defines; left as written in `text`. */
  readonly missing: readonly string[];
}

/** What `{{…}}` holds for a variable name: letters, digits, `_`, `.` and `-`. */
const NAME = /^[\w.-]+$/;

interface Value {
  readonly text: string;
  readonly missing: ReadonlySet<string>;
}

/**
 * Resolves `{{name}}` in texts against one environment (the selected one, then `$shared`). A variable may use
 * others; each variable is resolved once per resolver, so use one resolver per request. `\{\{` and `\}\}` stand
 * for literal `{{` and `}}`. `{{$guid}}`, `{{$timestamp}}`, `{{$isoTimestamp}}`, `{{$randomInt min max}}` and
 * `{{$shared name}}` are known; other `{{$…}}` are left as they are (for `.http` files).
 */
export class VariableResolver {
  private readonly values = new Map<string, Value>();
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly guid: () => string;
  private readonly maxLength: number;
  private readonly options: ResolveOptions;

  constructor(
    private readonly environment: Environment,
    options: ResolveOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.guid = options.guid ?? randomUUID;
    this.maxLength = options.maxLength ?? MAX_RESOLVED_LENGTH;
    this.options = options;
  }

  /** `text` with its variables substituted; throws a VariableError on a cycle, too long a result or bad arguments. */
  resolve(text: string): Resolution {
    const value = this.expand(text, [], Math.max(this.maxLength, text.length));
    return { text: value.text, missing: [...value.missing] };
  }

  private expand(text: string, stack: readonly string[], limit: number): Value {
    const missing = new Set<string>();
    let out = '';
    const append = (piece: string): void => {
      if (out.length + piece.length > limit) throw this.tooLong(stack);
      out += piece;
    };
    let i = 0;
    while (i < text.length) {
      const open = nextMarker(text, i);
      if (open < 0) {
        append(text.slice(i));
        break;
      }
      append(text.slice(i, open));
      if (text.startsWith('\\{\\{', open) || text.startsWith('\\}\\}', open)) {
        append(text[open + 1] === '{' ? '{{' : '}}');
        i = open + 4;
        continue;
      }
      const window = text.slice(open + 2, open + 4 + MAX_INNER).indexOf('}}');
      const inner = window < 0 ? '' : text.slice(open + 2, open + 2 + window).trim();
      const written = text.slice(open, open + 4 + window);
      const value = window < 0 ? undefined : this.substitute(inner, written, stack, missing);
      if (value === undefined) {
        // Not a variable: the braces stay, and a `{{` inside what they hold may still start one.
        append('{{');
        i = open + 2;
        continue;
      }
      append(value);
      i = open + 4 + window;
    }
    return { text: out, missing };
  }

  private substitute(
    inner: string,
    written: string,
    stack: readonly string[],
    missing: Set<string>,
  ): string | undefined {
    if (inner.startsWith('$')) {
      const words = systemWords(inner);
      if (words[0] === '$shared' && words.length === 2 && NAME.test(words[1] ?? '')) {
        return this.variable(`shared:${words[1]}`, written, stack, missing);
      }
      const [first = '', second = ''] = words;
      if ((first === '$processEnv' || first === '$dotenv') && words.length === 2 && second.startsWith('%')) {
        // `%name`: the name of the variable to read is the value of the environment's `name`.
        const indirect = this.substitute(second.slice(1), written, stack, missing);
        if (indirect === undefined || indirect === written) return written;
        words[1] = indirect;
      }
      const system = systemVariable(words, {
        clock: this.clock,
        random: this.random,
        guid: this.guid,
        ...(this.options.processEnv ? { processEnv: this.options.processEnv } : {}),
        ...(this.options.dotenv ? { dotenv: this.options.dotenv } : {}),
      });
      if (typeof system === 'string') return system;
      if (system && 'missing' in system) {
        missing.add(system.missing);
        return written;
      }
      if (system) throw new VariableError('VARIABLE_ARGUMENT', `${written}: ${system.problem}`);
      return written;
    }
    const defined = this.environment.variables.has(inner) || this.environment.shared.has(inner);
    if (!defined && this.options.reference) {
      const value = this.options.reference(inner);
      if (typeof value === 'string') return value;
      if (value && 'missing' in value) {
        missing.add(value.missing);
        return written;
      }
      if (value) throw new VariableError('VARIABLE_ARGUMENT', `${written}: ${value.problem}`);
    }
    if (!NAME.test(inner)) return undefined;
    const key = this.environment.variables.has(inner) ? `env:${inner}` : `shared:${inner}`;
    return this.variable(key, written, stack, missing);
  }

  private variable(key: string, written: string, stack: readonly string[], missing: Set<string>): string {
    const name = key.slice(key.indexOf(':') + 1);
    const raw = (key.startsWith('env:') ? this.environment.variables : this.environment.shared).get(name);
    if (raw === undefined) {
      missing.add(name);
      return written;
    }
    const value = this.values.get(key) ?? this.compute(key, raw, stack);
    for (const name of value.missing) missing.add(name);
    return value.text;
  }

  private compute(key: string, raw: string, stack: readonly string[]): Value {
    const at = stack.indexOf(key);
    if (at >= 0) {
      const circle = [...stack.slice(at), key].map(label).join(' → ');
      throw new VariableError(
        'VARIABLE_CYCLE',
        `The variables use each other in a circle: ${circle}. Change one of them so that the circle ends.`,
      );
    }
    if (stack.length >= MAX_VARIABLE_DEPTH) {
      throw new VariableError(
        'VARIABLE_TOO_DEEP',
        `Variables use other variables more than ${MAX_VARIABLE_DEPTH} levels deep (at ${label(key)}).`,
      );
    }
    const value = this.expand(raw, [...stack, key], this.maxLength);
    this.values.set(key, value);
    return value;
  }

  private tooLong(stack: readonly string[]): VariableError {
    const where = stack.length > 0 ? `{{${label(stack[stack.length - 1] ?? '')}}}` : 'The text';
    return new VariableError(
      'VARIABLE_TOO_LONG',
      `${where} grows beyond ${this.maxLength.toLocaleString('en-US')} characters once its variables are ` +
        'resolved. A variable probably repeats others that repeat others: shorten them.',
    );
  }
}

/** The words of a `{{$…}}`: split on white space, a quoted word (`"DD MMM"` or `'x'`) kept whole without its quotes. */
export function systemWords(inner: string): string[] {
  const words: string[] = [];
  for (const match of inner.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(match[1] ?? match[2] ?? match[3] ?? '');
  return words;
}

/** Where the next `{{`, `\{\{` or `\}\}` starts at or after `from`; -1 when none. */
function nextMarker(text: string, from: number): number {
  for (let i = from; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN && text.charCodeAt(i + 1) === OPEN) return i;
    if (c === BACKSLASH && (text.startsWith('\\{\\{', i) || text.startsWith('\\}\\}', i))) return i;
  }
  return -1;
}

const OPEN = 0x7b;
const BACKSLASH = 0x5c;

/** `dev.name` as a person reads it: the name, or `$shared name` for a shared one. */
function label(key: string): string {
  const name = key.slice(key.indexOf(':') + 1);
  return key.startsWith('shared:') ? `$shared ${name}` : name;
}

/** `text` with its variables substituted from `environment`, throwing a VariableError as the resolver does. */
export function resolveText(text: string, environment: Environment, options?: ResolveOptions): string {
  return new VariableResolver(environment, options).resolve(text).text;
}

/**
 * The `{{names}}` the draft's sent fields use (directly or through other variables) that `environment` does not
 * define, each once, in the order met, for the panel to show before sending. Never throws: a field whose variables
 * form a cycle or grow too long is skipped here, and sending it reports the problem.
 */
export function unresolvedNames(draft: RequestDraft, environment: Environment, options?: ResolveOptions): string[] {
  const resolver = new VariableResolver(environment, options);
  const names = new Set<string>();
  for (const { text } of sentTexts(draft)) {
    try {
      for (const name of resolver.resolve(text).missing) names.add(name);
    } catch (error) {
      if (!(error instanceof VariableError)) throw error;
    }
  }
  return [...names];
}
