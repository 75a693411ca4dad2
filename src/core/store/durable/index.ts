export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_HOOKS,
  DurableHookStore,
  type DurableStoreOptions,
  type StoreStats,
} from './durableHookStore';
export * from '../journal/errors';
export type { RetentionLimits } from './hookIndex';
export { StoredHookMeta } from './storedMeta';
