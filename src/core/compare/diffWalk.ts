import { indexSegment, keyedSegment, memberSegment } from './pathText';
import type { ChangedValue, OneSideValue, StructuralDiff } from './types';
import {
  compareIds,
  type KeyedOrder,
  keyedOrder,
  kindOf,
  own,
  sameScalar,
  sortedKeys,
  toCompared,
  type Tree,
} from './values';

interface Lists {
  readonly changed: ChangedValue[];
  readonly onlyLeft: OneSideValue[];
  readonly onlyRight: OneSideValue[];
  readonly typeChanged: ChangedValue[];
}

/**
 * The differences between two trees, each once, in the order of the normalised documents (keys sorted, keyed
 * arrays in key order). A subtree on one side only is one entry at its root; a type change is not also a change.
 * Recursion is as deep as the trees, which `payloadTree` bounds.
 */
export function diffTrees(left: Tree, right: Tree, arrayKey: string | undefined): StructuralDiff {
  const lists: Lists = { changed: [], onlyLeft: [], onlyRight: [], typeChanged: [] };
  walk(left, right, '$', arrayKey, lists);
  const same =
    lists.changed.length === 0 &&
    lists.onlyLeft.length === 0 &&
    lists.onlyRight.length === 0 &&
    lists.typeChanged.length === 0;
  return { same, ...lists };
}

function walk(left: Tree, right: Tree, path: string, arrayKey: string | undefined, lists: Lists): void {
  const kind = kindOf(left);
  if (kind !== kindOf(right)) {
    lists.typeChanged.push({ path, left: toCompared(left), right: toCompared(right) });
  } else if (kind === 'object') {
    walkObject(left as object, right as object, path, arrayKey, lists);
  } else if (kind === 'array') {
    walkArray(left as Tree[], right as Tree[], path, arrayKey, lists);
  } else if (!sameScalar(left, right)) {
    lists.changed.push({ path, left: toCompared(left), right: toCompared(right) });
  }
}

function walkObject(left: object, right: object, path: string, arrayKey: string | undefined, lists: Lists): void {
  const leftKeys = sortedKeys(left);
  const rightKeys = sortedKeys(right);
  let i = 0;
  let j = 0;
  while (i < leftKeys.length || j < rightKeys.length) {
    const l = leftKeys[i];
    const r = rightKeys[j];
    if (r === undefined || (l !== undefined && l < r)) {
      lists.onlyLeft.push({ path: path + memberSegment(l!), value: toCompared(own(left, l!)) });
      i++;
    } else if (l === undefined || r < l) {
      lists.onlyRight.push({ path: path + memberSegment(r), value: toCompared(own(right, r)) });
      j++;
    } else {
      walk(own(left, l), own(right, r), path + memberSegment(l), arrayKey, lists);
      i++;
      j++;
    }
  }
}

function walkArray(left: Tree[], right: Tree[], path: string, arrayKey: string | undefined, lists: Lists): void {
  const leftOrder = keyedOrder(left, arrayKey);
  const rightOrder = keyedOrder(right, arrayKey);
  if (arrayKey !== undefined && leftOrder && rightOrder) {
    walkKeyed(left, right, leftOrder, rightOrder, path, arrayKey, lists);
    return;
  }
  const common = Math.min(left.length, right.length);
  for (let i = 0; i < common; i++) walk(left[i], right[i], path + indexSegment(i), arrayKey, lists);
  for (let i = common; i < left.length; i++) {
    lists.onlyLeft.push({ path: path + indexSegment(i), value: toCompared(left[i]) });
  }
  for (let i = common; i < right.length; i++) {
    lists.onlyRight.push({ path: path + indexSegment(i), value: toCompared(right[i]) });
  }
}

function walkKeyed(
  left: Tree[],
  right: Tree[],
  leftOrder: KeyedOrder,
  rightOrder: KeyedOrder,
  path: string,
  arrayKey: string,
  lists: Lists,
): void {
  let i = 0;
  let j = 0;
  const { ids: leftIds, indices: leftIndices } = leftOrder;
  const { ids: rightIds, indices: rightIndices } = rightOrder;
  while (i < leftIds.length || j < rightIds.length) {
    const l = leftIds[i];
    const r = rightIds[j];
    const order = l === undefined ? 1 : r === undefined ? -1 : compareIds(l, r);
    if (order < 0) {
      lists.onlyLeft.push({ path: path + keyedSegment(arrayKey, l!), value: toCompared(left[leftIndices[i]!]) });
      i++;
    } else if (order > 0) {
      lists.onlyRight.push({ path: path + keyedSegment(arrayKey, r!), value: toCompared(right[rightIndices[j]!]) });
      j++;
    } else {
      walk(left[leftIndices[i]!], right[rightIndices[j]!], path + keyedSegment(arrayKey, l!), arrayKey, lists);
      i++;
      j++;
    }
  }
}
