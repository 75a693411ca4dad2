import type { Logger } from '../../core/clock';
import { HistoryStore } from '../../core/store/history';

/** The request history, opened in the background at activation; commands and sends wait for it. */
export interface OpeningHistory {
  /** The open history; rejects with a sentence when it cannot be opened (another window holds it…). */
  ready(): Promise<HistoryStore>;
  readonly location: string;
  /** Writes what is pending and releases the folder. */
  dispose(): Promise<void>;
}

export function openRequestHistory(location: string, owner: string, logger: Logger): OpeningHistory {
  const opening = HistoryStore.open(location, { logger, owner });
  opening.then(
    () => logger.info(`Requests are kept in ${location}`),
    (error: unknown) =>
      logger.error(
        `The request history could not be opened: ${error instanceof Error ? error.message : String(error)}`,
      ),
  );
  return {
    ready: () => opening,
    location,
    dispose: async () => {
      const history = await opening.catch(() => undefined);
      await history?.dispose();
    },
  };
}
