import { eachConcurrently, withinBudget } from './boundedReads';
import type { HookMeta } from '../../model/hook';
import { bodyContains } from './filter';

/** Bytes of bodies one search round reads at most (a single body larger than this is read alone). */
export const BODY_SEARCH_BUDGET_BYTES = 32 * 1024 * 1024;

/** What one round found: the hooks whose bodies contain the text, and how many are left to search. */
export interface BodySearchRound {
  readonly matches: HookMeta[];
  /** Hooks asked about whose bodies were not searched yet (over this round's budget). */
  readonly pending: number;
}

/**
 * Finds the hooks whose body contains one filter's body text (`lowerText`, lower-case). A stored body never
 * changes, so each answer is kept: a round reads only bodies not searched yet, at most `budgetBytes` of them,
 * 8 at a time, newest first, and leaves the rest to the next round. Answers for hooks no longer asked about
 * (deleted, dropped by retention) are forgotten. Rounds run one after another, never reading a body twice.
 * A body that cannot be read (gone meanwhile) does not match.
 */
export class BodySearch {
  private answers = new Map<string, boolean>();
  private previous: Promise<unknown> = Promise.resolve();

  constructor(
    readonly lowerText: string,
    private readonly readBody: (id: string) => Promise<Uint8Array | undefined>,
    private readonly budgetBytes = BODY_SEARCH_BUDGET_BYTES,
  ) {}

  /** Searches what it can of `hooks` (newest first) within the budget. */
  search(hooks: readonly HookMeta[]): Promise<BodySearchRound> {
    const round = this.previous.then(() => this.round(hooks));
    this.previous = round.catch(() => undefined);
    return round;
  }

  private async round(hooks: readonly HookMeta[]): Promise<BodySearchRound> {
    const answers = new Map<string, boolean>();
    const todo: HookMeta[] = [];
    for (const hook of hooks) {
      const known = this.answers.get(hook.id);
      if (known === undefined) todo.push(hook);
      else answers.set(hook.id, known);
    }
    this.answers = answers;
    await eachConcurrently(withinBudget(todo, this.budgetBytes, true), async (hook) => {
      answers.set(hook.id, await this.contains(hook.id));
    });
    const matches = hooks.filter((hook) => answers.get(hook.id) === true);
    return { matches, pending: hooks.length - answers.size };
  }

  private async contains(id: string): Promise<boolean> {
    try {
      const body = await this.readBody(id);
      return body !== undefined && bodyContains(body, this.lowerText);
    } catch {
      return false;
    }
  }
}
