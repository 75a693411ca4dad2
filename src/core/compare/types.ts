/**
 * The structural comparison's contract, shared by the diff (structural.ts), the editor's summary, the CLI
 * (`pushpull compare --json` prints `StructuralDiff` as it is) and hydrate/watch.
 */

/** A value as the comparison reports it: JSON data (numbers written exactly as they came, as strings when needed). */
export type ComparedValue =
  null | boolean | number | string | readonly ComparedValue[] | { readonly [key: string]: ComparedValue };

/** Per side: what of the payload is compared. */
export interface CompareSide {
  /** JSONPath of the part compared (`$.data.object`); `$` when not given. */
  readonly path?: string;
  /** JSONPaths left out of the comparison (`$..updated_at`). */
  readonly ignore?: readonly string[];
}

export interface CompareOptions {
  readonly left?: CompareSide;
  readonly right?: CompareSide;
  /** Arrays of objects are matched by this key (`id`), so their order does not count. */
  readonly arrayKey?: string;
}

/** One payload: its bytes and what it says it is (JSON, form and XML bodies map to a tree). */
export interface ComparedPayload {
  readonly bytes: Uint8Array;
  readonly contentType?: string;
}

export interface ChangedValue {
  /** JSONPath: `$.items[3].price`, `$['odd key']`, `$.items[?(@.id==7)].price` when matched by key. */
  readonly path: string;
  readonly left: ComparedValue;
  readonly right: ComparedValue;
}

export interface OneSideValue {
  readonly path: string;
  readonly value: ComparedValue;
}

/** Each difference once, in one list, in a deterministic order (document order of the normalised left, then right). */
export interface StructuralDiff {
  readonly same: boolean;
  readonly changed: readonly ChangedValue[];
  readonly onlyLeft: readonly OneSideValue[];
  readonly onlyRight: readonly OneSideValue[];
  /** Where the types differ (string vs number…); not also in `changed`. */
  readonly typeChanged: readonly ChangedValue[];
}

/** The normalised document one side shows in the diff editor, and where each path starts in it. */
export interface NormalisedDocument {
  readonly text: string;
  /** 0-based line of the value at `path` (a path of the diff), undefined when it is not in this document. */
  lineOf(path: string): number | undefined;
}
