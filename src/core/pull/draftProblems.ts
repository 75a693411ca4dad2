import type { Environment } from './environments';
import { VariableError, VariableResolver, type ResolveOptions } from './variables';

/** Something in the draft that stops it from being sent: where (`url`, `headers[1].name`, `auth.token`…) and why. */
export interface DraftProblem {
  readonly field: string;
  readonly message: string;
}

/** Resolves the draft's texts with one resolver and gathers every problem met on the way. */
export class DraftReader {
  readonly problems: DraftProblem[] = [];
  private readonly resolver: VariableResolver;

  constructor(
    private readonly environment: Environment,
    options?: ResolveOptions,
  ) {
    this.resolver = new VariableResolver(environment, options);
  }

  /** `value` with its variables resolved; a name no variable defines, or a resolution error, is a problem. */
  text(field: string, value: string): string {
    try {
      const { text, missing } = this.resolver.resolve(value);
      for (const name of missing) {
        const where = this.environment.name === '' ? '$shared' : `environment "${this.environment.name}" or $shared`;
        this.problem(field, `{{${name}}} is not defined in ${where}.`);
      }
      return text;
    } catch (error) {
      if (!(error instanceof VariableError)) throw error;
      this.problem(field, error.message);
      return value;
    }
  }

  problem(field: string, message: string): void {
    this.problems.push({ field, message });
  }
}
