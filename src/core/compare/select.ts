import { JSONPath } from 'jsonpath-plus';
import { isLosslessNumber } from 'lossless-json';
import { CompareError, quotedPath } from './errors';
import type { CompareSide } from './types';
import type { Tree } from './values';

/** Longest JSONPath accepted: paths are typed by people, not generated from payloads. */
const MAX_PATH_LENGTH = 4096;

/**
 * What of one side is compared: the part at the side's sub-path (an array of the matches when it selects several),
 * without what its ignore paths select (applied to that part: `$` is the part's root). Removes ignored nodes
 * from `tree` itself, which the caller parsed for this comparison alone. Filters run in jsonpath-plus's safe
 * mode (no JavaScript evaluation).
 */
export function selectSide(tree: Tree, side: CompareSide | undefined, name: string): Tree {
  const path = side?.path?.trim();
  let selected = tree;
  if (path && path !== '$') {
    const matches = query(path, tree, name).map((match) => match.value);
    if (matches.length === 0) {
      throw new CompareError('NO_MATCH', `The path ${quotedPath(path)} selects nothing in the ${name} payload.`);
    }
    selected = matches.length === 1 ? matches[0] : matches;
  }
  for (const ignore of side?.ignore ?? []) removeMatches(selected, ignore.trim(), name);
  return selected;
}

interface Match {
  readonly value: Tree;
  readonly parent: unknown;
  readonly parentProperty: string | number | null;
}

function query(path: string, tree: Tree, name: string): Match[] {
  checkPath(path, name);
  if (tree === null || typeof tree !== 'object') return [];
  let matches: Match[];
  try {
    matches = JSONPath({ path, json: tree, resultType: 'all', wrap: true, eval: 'safe' }) as Match[];
  } catch (error) {
    throw new CompareError('BAD_PATH', `The path ${quotedPath(path)} cannot be evaluated.`, { cause: error });
  }
  // A number kept exactly is an object to jsonpath-plus: its inside is never data.
  return matches.filter((match) => !isLosslessNumber(match.parent));
}

function removeMatches(tree: Tree, path: string, name: string): void {
  const byParent = new Map<object, Array<string | number>>();
  for (const match of query(path, tree, name)) {
    if (match.parent === null || typeof match.parent !== 'object' || match.parentProperty === null) {
      throw new CompareError('BAD_PATH', `The ignore path ${quotedPath(path)} leaves nothing of the ${name} payload.`);
    }
    const list = byParent.get(match.parent);
    if (list) list.push(match.parentProperty);
    else byParent.set(match.parent, [match.parentProperty]);
  }
  for (const [parent, properties] of byParent) {
    if (Array.isArray(parent)) {
      const indices = [...new Set(properties as number[])].sort((a, b) => b - a);
      for (const index of indices) parent.splice(index, 1);
    } else {
      for (const property of properties) delete (parent as Record<string, unknown>)[property];
    }
  }
}

/** A JSONPath starts at `$` and closes every bracket and quote it opens (jsonpath-plus forgives what it should not). */
function checkPath(path: string, name: string): void {
  const bad = (why: string): CompareError =>
    new CompareError('BAD_PATH', `The ${name} path ${quotedPath(path)} is not a JSONPath: ${why}.`);
  if (path.length > MAX_PATH_LENGTH) throw bad(`it is longer than ${MAX_PATH_LENGTH} characters`);
  if (!path.startsWith('$')) throw bad('it must start with $');
  let depth = 0;
  let quote = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      if (--depth < 0) throw bad(`a "${c}" closes nothing`);
    }
  }
  if (quote) throw bad('a quote is never closed');
  if (depth !== 0) throw bad('a bracket is never closed');
  if (/\.\.?$/.test(path) && path !== '$') throw bad('it ends with a dot');
}
