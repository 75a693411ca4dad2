import { PrintedTree } from './document';
import { diffTrees } from './diffWalk';
import { selectSide } from './select';
import { payloadTree } from './tree';
import type { CompareOptions, CompareSide, ComparedPayload, NormalisedDocument, StructuralDiff } from './types';

export { CompareError, type CompareErrorCode } from './errors';

/**
 * The structural difference of two payloads (JSON, form or XML bodies), each side narrowed to its sub-path and
 * without its ignored paths; arrays of objects matched by `arrayKey` when given. Throws a `CompareError` for a bad
 * path or a payload that is not a tree.
 */
export function compareStructures(
  left: ComparedPayload,
  right: ComparedPayload,
  options: CompareOptions = {},
): StructuralDiff {
  const leftTree = selectSide(payloadTree(left), options.left, 'left');
  const rightTree = selectSide(payloadTree(right), options.right, 'right');
  return diffTrees(leftTree, rightTree, options.arrayKey);
}

/**
 * The normalised text of one side (keys sorted, the side's sub-path, ignored paths left out, keyed arrays in key
 * order, pretty-printed with 2 spaces) and the line of each diff path in it: what the diff editor shows.
 */
export function normalisedDocument(
  payload: ComparedPayload,
  side: CompareSide | undefined,
  arrayKey?: string,
): NormalisedDocument {
  const printed = new PrintedTree(selectSide(payloadTree(payload), side, 'compared'), arrayKey);
  return { text: printed.text, lineOf: (path) => printed.lineOf(path) };
}
