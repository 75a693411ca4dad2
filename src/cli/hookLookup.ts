import type { HookMeta } from '../core/model/hook';
import { printable } from './format';

/** How `hooks show`, `verify --id` and others name a stored hook. */
export type HookLookup =
  | { readonly kind: 'found'; readonly hook: HookMeta }
  | { readonly kind: 'none'; readonly message: string }
  | { readonly kind: 'ambiguous'; readonly message: string };

/** How many candidates an ambiguous short id lists. */
const LISTED = 5;

/** The fewest characters a short id has: fewer would name most hooks of a store. */
export const SHORT_ID_MIN = 4;

/**
 * The hook `wanted` names among `newestFirst`: `latest` (the newest), a whole id, or a short id: a part of exactly
 * one id, at least `SHORT_ID_MIN` characters (ids are the arrival time in milliseconds, a dash and a sequence
 * number, so the last digits of the time, `597927`, are usually enough).
 */
export function findHook(newestFirst: readonly HookMeta[], wanted: string, where: string): HookLookup {
  if (wanted === 'latest') {
    const hook = newestFirst[0];
    return hook ? { kind: 'found', hook } : { kind: 'none', message: `no hooks in ${printable(where)}` };
  }
  const exact = newestFirst.find((hook) => hook.id === wanted);
  if (exact) return { kind: 'found', hook: exact };
  const matches = newestFirst.filter((hook) => matchesShort(hook.id, wanted));
  if (matches.length === 1) return { kind: 'found', hook: matches[0]! };
  if (matches.length === 0) return { kind: 'none', message: `no hook ${printable(wanted)} in ${printable(where)}` };
  const listed = matches
    .slice(0, LISTED)
    .map((hook) => hook.id)
    .join(', ');
  const more = matches.length > LISTED ? ` and ${matches.length - LISTED} more` : '';
  return {
    kind: 'ambiguous',
    message: `${printable(wanted)} names ${matches.length} hooks (${listed}${more}); give more of the id`,
  };
}

function matchesShort(id: string, wanted: string): boolean {
  return wanted.length >= SHORT_ID_MIN && id.includes(wanted);
}
