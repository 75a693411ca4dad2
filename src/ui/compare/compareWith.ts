import type { HookMeta } from '../../core/model/hook';
import type { ExchangeSummary } from '../../core/model/history';
import type { PushSide } from '../../core/push/session';
import type { HistoryHandle } from '../history/historyHandle';
import { hostAndPath } from '../history/rows';
import type { ReadOnlyDocumentProvider } from '../readOnlyDocumentProvider';
import type { Comparison } from './comparison';
import { exchangeSide } from './exchangeSide';
import { openComparison } from './open';
import { chooseOptions, type RememberedOptions } from './options';
import { pickHook } from './pickers';
import { type CompareSource, pickSource, sideOf } from './sources';
import { hookSide, type PayloadSide } from './sides';

export type { CompareSource };

export interface CompareDeps {
  readonly push: PushSide;
  /** The request history: "pull" data, across reloads. */
  readonly history: HistoryHandle;
  readonly documents: ReadOnlyDocumentProvider;
  /** Compare options remembered per route and request name. */
  readonly remembered: RememberedOptions;
  /** Shows a comparison's summary beside its diff. */
  readonly showSummary: (comparison: Comparison) => void;
  /** Shows why nothing was compared. */
  readonly showError: (message: string) => void;
}

/** Compare With… on a hook: asks for what is missing, normalises both sides and opens VS Code's diff. */
export async function compareWith(deps: CompareDeps, target?: HookMeta, other?: CompareSource): Promise<boolean> {
  await deps.push.ready();
  const store = deps.push.store;
  const hook = target ?? (await pickHook(store, 'Compare which hook?'));
  if (!hook) return false;
  const source = other ?? (await pickSource(deps, `${hook.method} ${hook.path}`, { hook: hook.id }));
  if (!source) return false;
  const right = await sideOf(deps, store, source);
  if (!right) return false;
  const left = await hookSide(store, hook);
  return left !== undefined && (await compareSides(deps, left, right, source, other !== undefined)) !== undefined;
}

/** Compare With… on a request of the Requests view: its response against a hook, another response, a file… */
export async function compareExchangeWith(
  deps: CompareDeps,
  exchange: ExchangeSummary,
  other?: CompareSource,
): Promise<boolean> {
  await deps.push.ready();
  const history = await deps.history.forCommand();
  if (!history) return false;
  const title = `${exchange.method} ${hostAndPath(exchange.url)}`;
  const source = other ?? (await pickSource(deps, title, { exchange: exchange.id }));
  if (!source) return false;
  const right = await sideOf(deps, deps.push.store, source);
  if (!right) return false;
  const left = await exchangeSide(history, exchange);
  return left !== undefined && (await compareSides(deps, left, right, source, other !== undefined)) !== undefined;
}

/**
 * Opens the comparison of two sides: with the options given with the source, else (when the source was given as
 * an argument) those remembered for the two sides, else after the skippable "Compare options…" step.
 */
export async function compareSides(
  deps: CompareDeps,
  left: PayloadSide,
  right: PayloadSide,
  source: Pick<CompareSource, 'options'>,
  given: boolean,
): Promise<Comparison | undefined> {
  const options =
    source.options ??
    (given
      ? deps.remembered.optionsFor(left.rememberAs, right.rememberAs)
      : await chooseOptions(deps.remembered, left.rememberAs, right.rememberAs, `${left.title} ↔ ${right.title}`));
  if (!options) return undefined;
  return openComparison(deps, left, right, options);
}
