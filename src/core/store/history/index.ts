export { HistoryStore, type HistoryOpenOptions } from './historyStore';
export {
  HistoryClosedError,
  HistoryExchangeError,
  HistoryLockedError,
  HistoryOptionsError,
  HistoryWriteError,
} from './errors';
export { DEFAULT_MAX_EXCHANGES, DEFAULT_MAX_HISTORY_BYTES, INLINE_BODY_BYTES } from './limits';
export { MASK } from './mask';
