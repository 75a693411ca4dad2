import type { Logger } from '../../clock';

/**
 * Work a store does off the append path (index files written, segment files deleted), one task after
 * another. A task that fails is logged and does not stop the ones after it.
 */
export class Background {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly logger: Logger) {}

  /** Runs `task` after the tasks before it; `what` names it in the warning if it fails. */
  run(what: string, task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch((error: unknown) => {
      this.logger.warn(`Hook store: could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /** Resolves once every task run so far is done. */
  idle(): Promise<void> {
    return this.chain;
  }
}
