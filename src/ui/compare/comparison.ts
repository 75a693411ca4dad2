import type * as vscode from 'vscode';
import type { ComparedValue, CompareOptions, NormalisedDocument, StructuralDiff } from '../../core/compare/types';

/** One side as it is shown: its tab title, its read-only document, and where each path is in it. */
export interface ShownSide {
  readonly title: string;
  readonly uri: vscode.Uri;
  /** Undefined when the side is not a tree (plain text): then only the line diff is shown. */
  readonly document?: NormalisedDocument;
}

/** A comparison on screen: both sides and, when both are trees, their structural difference. */
export interface Comparison {
  readonly left: ShownSide;
  readonly right: ShownSide;
  readonly options: CompareOptions;
  /** Undefined when one side is not JSON (or a form or XML body): the summary says so. */
  readonly diff?: StructuralDiff;
  /** The diff editor's title. */
  readonly title: string;
}

/** The kinds of difference, in the order the summary lists them. */
export const DIFF_KINDS = ['typeChanged', 'changed', 'onlyLeft', 'onlyRight'] as const;
export type DiffKind = (typeof DIFF_KINDS)[number];

/** One difference of one kind: its path and the values on the sides that have it. */
export interface Difference {
  readonly kind: DiffKind;
  readonly path: string;
  readonly left?: ComparedValue;
  readonly right?: ComparedValue;
}

/** The differences of one kind, as the summary lists them. */
export function differencesOf(diff: StructuralDiff, kind: DiffKind): Difference[] {
  switch (kind) {
    case 'typeChanged':
    case 'changed':
      return diff[kind].map((d) => ({ kind, path: d.path, left: d.left, right: d.right }));
    case 'onlyLeft':
      return diff.onlyLeft.map((d) => ({ kind, path: d.path, left: d.value }));
    case 'onlyRight':
      return diff.onlyRight.map((d) => ({ kind, path: d.path, right: d.value }));
  }
}
