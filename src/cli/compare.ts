import { parseArgs } from 'node:util';
import { CompareError, compareStructures } from '../core/compare/structural';
import type { ComparedValue, StructuralDiff } from '../core/compare/types';
import { errorCode } from '../core/errors';
import { printable, terminalSafeJson } from './format';
import { readInput, UnreadableInput } from './compareInput';
import { type CliIo, oneLine, UsageError, write } from './io';

export const COMPARE_USAGE = `Usage: pushpull compare LEFT RIGHT [--left-path P] [--right-path P] [--ignore P]… [--key NAME] [--json]
                        [--store DIR]

Compares two payloads by structure (JSON; form and XML bodies as a tree): keys sorted, exact numbers.
LEFT and RIGHT are files, - for standard input, or hook:ID / exchange:ID from the store given with --store.

  --left-path P   JSONPath of the part of LEFT compared (e.g. $.data.object); $ when not given
  --right-path P  the same for RIGHT
  --ignore P      JSONPath left out on both sides (e.g. $..updated_at); may be given again
  --key NAME      match arrays of objects by this key (e.g. id), so their order does not count
  --json          print {"same", "changed", "onlyLeft", "onlyRight", "typeChanged"} instead of one line per difference
  --store DIR     the folder of hooks (and its request history) that hook:ID and exchange:ID are read from

Exit codes: 0 same, 1 different, 2 usage error or unreadable input.
`;

/** Longest value shown on a line of the human output; --json always has the whole value. */
const SHOWN_VALUE_CHARS = 120;

/** `pushpull compare`: exit 0 same, 1 different, 2 usage or unreadable input. */
export async function runCompare(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      'left-path': { type: 'string' },
      'right-path': { type: 'string' },
      ignore: { type: 'string', multiple: true },
      key: { type: 'string' },
      json: { type: 'boolean' },
      store: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await write(io.stdout, COMPARE_USAGE);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError('compare needs LEFT and RIGHT (see pushpull compare --help)');
  if (positionals[0] === '-' && positionals[1] === '-') throw new UsageError('only one side can be standard input');
  if (values.key === '') throw new UsageError('--key needs a key name');
  let diff: StructuralDiff;
  try {
    const left = await readInput(positionals[0]!, values.store, io.stdin);
    const right = await readInput(positionals[1]!, values.store, io.stdin);
    const ignore = values.ignore ?? [];
    diff = compareStructures(left, right, {
      left: { path: values['left-path'], ignore },
      right: { path: values['right-path'], ignore },
      arrayKey: values.key,
    });
  } catch (error) {
    if (!(error instanceof UnreadableInput) && !(error instanceof CompareError)) throw error;
    const code = errorCode(error);
    await write(io.stderr, `pushpull compare: ${oneLine(error.message)}${code ? ` (${code})` : ''}\n`);
    return 2;
  }
  if (values.json) {
    const { same, changed, onlyLeft, onlyRight, typeChanged } = diff;
    await write(io.stdout, `${terminalSafeJson({ same, changed, onlyLeft, onlyRight, typeChanged })}\n`);
  } else {
    for (const line of diffLines(diff)) await write(io.stdout, `${line}\n`);
  }
  return diff.same ? 0 : 1;
}

/** One line per difference, grouped as the lists are: changed, type changed, only left, only right. */
export function diffLines(diff: StructuralDiff): string[] {
  return [
    ...diff.changed.map((d) => `changed       ${printable(d.path)}: ${shown(d.left)} -> ${shown(d.right)}`),
    ...diff.typeChanged.map((d) => `type changed  ${printable(d.path)}: ${shown(d.left)} -> ${shown(d.right)}`),
    ...diff.onlyLeft.map((d) => `only left     ${printable(d.path)}: ${shown(d.value)}`),
    ...diff.onlyRight.map((d) => `only right    ${printable(d.path)}: ${shown(d.value)}`),
  ];
}

function shown(value: ComparedValue): string {
  const text = terminalSafeJson(value);
  return text.length > SHOWN_VALUE_CHARS ? `${text.slice(0, SHOWN_VALUE_CHARS - 3)}...` : text;
}
