import * as vscode from 'vscode';
import { comparableBody } from '../../core/compare/body';
import { CompareError, compareStructures, normalisedDocument } from '../../core/compare/structural';
import type { CompareOptions, CompareSide, NormalisedDocument } from '../../core/compare/types';
import { errorCode } from '../../core/errors';
import { plainInMessage } from '../messageText';
import type { ReadOnlyDocumentProvider } from '../readOnlyDocumentProvider';
import type { Comparison, ShownSide } from './comparison';
import type { PayloadSide } from './sides';

export interface OpenDeps {
  readonly documents: ReadOnlyDocumentProvider;
  /** Shows the summary of what was opened. */
  readonly showSummary: (comparison: Comparison) => void;
  /** Shows why nothing was compared. */
  readonly showError: (message: string) => void;
}

type Normalised =
  | { readonly document: NormalisedDocument }
  | { readonly text: string; readonly language: 'plaintext' | 'xml' | 'form' | 'json' };

/**
 * Normalises both sides with `options`, opens VS Code's diff editor on them (read-only documents) and the summary
 * beside it. A bad path or a payload that cannot be compared: an error message naming the side, nothing opened.
 */
export async function openComparison(
  deps: OpenDeps,
  left: PayloadSide,
  right: PayloadSide,
  options: CompareOptions,
): Promise<Comparison | undefined> {
  const leftShown = normalise(deps, left, options.left, options.arrayKey, 'left');
  const rightShown = leftShown && normalise(deps, right, options.right, options.arrayKey, 'right');
  if (!leftShown || !rightShown) return undefined;
  let diff;
  if ('document' in leftShown && 'document' in rightShown) {
    try {
      diff = compareStructures(left.payload, right.payload, options);
    } catch (error) {
      deps.showError(compareFailed(error, undefined));
      return undefined;
    }
  }
  const title = `${left.title} ↔ ${right.title}`;
  const comparison: Comparison = {
    left: shown(deps, left, leftShown),
    right: shown(deps, right, rightShown),
    options,
    diff,
    title,
  };
  await vscode.commands.executeCommand('vscode.diff', comparison.left.uri, comparison.right.uri, title, {
    preview: true,
  });
  deps.showSummary(comparison);
  return comparison;
}

function shown(deps: OpenDeps, side: PayloadSide, normalised: Normalised): ShownSide {
  if ('document' in normalised) {
    return {
      title: side.title,
      uri: deps.documents.put(side.title, normalised.document.text, 'json'),
      document: normalised.document,
    };
  }
  return { title: side.title, uri: deps.documents.put(side.title, normalised.text, normalised.language) };
}

/** One side normalised; a payload that is not a tree is shown as text when no part of it was asked for. */
function normalise(
  deps: OpenDeps,
  side: PayloadSide,
  options: CompareSide | undefined,
  arrayKey: string | undefined,
  which: 'left' | 'right',
): Normalised | undefined {
  try {
    return { document: normalisedDocument(side.payload, options, arrayKey) };
  } catch (error) {
    const asked = (options?.path !== undefined && options.path !== '$') || (options?.ignore?.length ?? 0) > 0;
    if (errorCode(error) === 'NOT_A_TREE' && !asked) {
      const body = comparableBody(side.payload.bytes, side.payload.contentType);
      return { text: body.text, language: body.language };
    }
    deps.showError(compareFailed(error, `the ${which} side, ${side.title}`));
    return undefined;
  }
}

/**
 * The message for a comparison that could not be made: the core error's sentence (it quotes the path, never payload
 * text), which side, and what to do. Errors that are not PushPull's comparison errors are thrown again.
 */
export function compareFailed(error: unknown, side: string | undefined): string {
  const where = side ? ` (${side})` : '';
  const detail = error instanceof Error ? error.message : String(error);
  switch (errorCode(error)) {
    case 'BAD_PATH':
      return plainInMessage(`Nothing compared${where}: ${detail} Write it as JSONPath, e.g. $.data.object.`);
    case 'NO_MATCH':
      return plainInMessage(`Nothing compared${where}: ${detail} Choose another part in Compare options….`);
    case 'NOT_A_TREE':
      return plainInMessage(`Nothing compared${where}: ${detail} A part can only be picked in JSON, a form or XML.`);
    case 'TOO_DEEP':
      return plainInMessage(`Nothing compared${where}: ${detail}`);
    default:
      if (error instanceof CompareError) return plainInMessage(`Nothing compared${where}: ${detail}`);
      throw error;
  }
}
