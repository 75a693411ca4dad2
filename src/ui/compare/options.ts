import * as vscode from 'vscode';
import type { CompareOptions, CompareSide } from '../../core/compare/types';

/** What is remembered for one side's key (a route, a request name, a file name). */
export interface SideOptions {
  readonly path?: string;
  readonly ignore?: readonly string[];
  readonly arrayKey?: string;
}

const STATE_KEY = 'pushpull.compareOptions';
/** Keys remembered at most; the least recently set go first. */
const MAX_REMEMBERED = 200;
const MAX_TEXT = 1000;

/**
 * Compare options remembered per route and per request name in the workspace's state, kept as a list of entries
 * (never as an object keyed by names a sender or a file chose).
 */
export class RememberedOptions {
  constructor(private readonly memento: vscode.Memento) {}

  get(key: string | undefined): SideOptions | undefined {
    if (key === undefined) return undefined;
    return this.entries().find(([k]) => k === key)?.[1];
  }

  async set(key: string | undefined, options: SideOptions): Promise<void> {
    if (key === undefined) return;
    const kept = this.entries().filter(([k]) => k !== key);
    kept.push([key, options]);
    await this.memento.update(STATE_KEY, kept.slice(-MAX_REMEMBERED));
  }

  /** Both sides' remembered options as the comparison takes them. */
  optionsFor(leftKey: string | undefined, rightKey: string | undefined): CompareOptions {
    const left = this.get(leftKey);
    const right = this.get(rightKey);
    return {
      left: sideOf(left),
      right: sideOf(right),
      arrayKey: left?.arrayKey ?? right?.arrayKey,
    };
  }

  private entries(): Array<[string, SideOptions]> {
    const stored: unknown = this.memento.get(STATE_KEY);
    if (!Array.isArray(stored)) return [];
    const entries: Array<[string, SideOptions]> = [];
    for (const entry of stored) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
      const options = readOptions(entry[1]);
      if (options) entries.push([entry[0], options]);
    }
    return entries;
  }
}

function readOptions(value: unknown): SideOptions | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { path, ignore, arrayKey } = value as Record<string, unknown>;
  return {
    path: typeof path === 'string' ? path.slice(0, MAX_TEXT) : undefined,
    ignore: Array.isArray(ignore)
      ? ignore.filter((p): p is string => typeof p === 'string').map((p) => p.slice(0, MAX_TEXT))
      : undefined,
    arrayKey: typeof arrayKey === 'string' ? arrayKey.slice(0, MAX_TEXT) : undefined,
  };
}

function sideOf(options: SideOptions | undefined): CompareSide | undefined {
  if (!options?.path && !options?.ignore?.length) return undefined;
  return { path: options.path || undefined, ignore: options.ignore?.length ? options.ignore : undefined };
}

/** One line saying what the options compare: `$.data.object ↔ $, ignoring $..updated_at, arrays by id`. */
export function describeOptions(options: CompareOptions): string {
  const parts = [`${options.left?.path ?? '$'} ↔ ${options.right?.path ?? '$'}`];
  const ignored = [...new Set([...(options.left?.ignore ?? []), ...(options.right?.ignore ?? [])])];
  if (ignored.length > 0) parts.push(`ignoring ${ignored.join(', ')}`);
  if (options.arrayKey) parts.push(`arrays by ${options.arrayKey}`);
  return parts.join(', ');
}

/**
 * The skippable "Compare options…" step: Enter compares with the options remembered for these sides; the second
 * row asks for each side's sub-path, the paths to ignore and the array key, and remembers them. Undefined: cancelled.
 */
export async function chooseOptions(
  remembered: RememberedOptions,
  leftKey: string | undefined,
  rightKey: string | undefined,
  title: string,
): Promise<CompareOptions | undefined> {
  const initial = remembered.optionsFor(leftKey, rightKey);
  const choice = await vscode.window.showQuickPick(
    [
      { label: '$(diff) Compare', description: describeOptions(initial), ask: false },
      { label: '$(settings) Compare options…', description: 'sub-paths, paths to ignore, array key', ask: true },
    ],
    { title },
  );
  if (!choice) return undefined;
  if (!choice.ask) return initial;
  const leftPath = await ask(`${title}: the left side's part (JSONPath)`, initial.left?.path, '$.data.object');
  if (leftPath === undefined) return undefined;
  const rightPath = await ask(`${title}: the right side's part (JSONPath)`, initial.right?.path, '$');
  if (rightPath === undefined) return undefined;
  const ignoreText = await ask(
    `${title}: paths to ignore in both parts (JSONPaths from the part's root $, separated by commas)`,
    initial.left?.ignore?.join(', '),
    '$..updated_at, $..created_at',
  );
  if (ignoreText === undefined) return undefined;
  const arrayKey = await ask(`${title}: match arrays of objects by this key`, initial.arrayKey, 'id');
  if (arrayKey === undefined) return undefined;
  const ignore = ignoreText
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const options: CompareOptions = {
    left: sideOf({ path: leftPath, ignore }),
    right: sideOf({ path: rightPath, ignore }),
    arrayKey: arrayKey || undefined,
  };
  await remembered.set(leftKey, { path: leftPath || undefined, ignore, arrayKey: arrayKey || undefined });
  await remembered.set(rightKey, { path: rightPath || undefined, ignore, arrayKey: arrayKey || undefined });
  return options;
}

async function ask(prompt: string, value: string | undefined, placeholder: string): Promise<string | undefined> {
  const answer = await vscode.window.showInputBox({ prompt, value: value ?? '', placeHolder: placeholder });
  return answer?.trim();
}
