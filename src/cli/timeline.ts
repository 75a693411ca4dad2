import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { buildTimeline, timelineInput } from '../core/compare/timeline';
import { timelineMarkdown } from '../core/compare/timelineText';
import { readWatches, WATCHES_FILE } from '../core/compare/watchFile';
import { DurableHookStore } from '../core/store/durable/durableHookStore';
import { HistoryStore } from '../core/store/history';
import { printable, terminalSafeJson } from './format';
import { type CliIo, oneLine, UsageError, write } from './io';

export const TIMELINE_USAGE = `Usage: pushpull timeline --store DIR --push-key P --pull-key P [--push-version P --pull-version P]
                         [--route NAME] [--json]

Sets the hooks \`pushpull listen --store DIR\` received beside the polls \`pushpull watch --store DIR\` made, and
lists each change of the resource: when the hook announcing it came, when a poll first saw it, and the lead
of push over pull; then the polls, the polls that found nothing new, and the body bytes each way.
Keys and versions are JSONPaths ($.data.object.id in the hook, $.id in the answer); without a version path a
change is the content of the object holding the key. Reads the history while no watch writes it.
`;

/** Most bytes of one poll's body read to find its key and version. */
const MAX_POLL_BODY = 16 * 1024 * 1024;

/** `pushpull timeline`: 0 printed, 2 usage or unreadable store. */
export async function runTimeline(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      store: { type: 'string' },
      'push-key': { type: 'string' },
      'pull-key': { type: 'string' },
      'push-version': { type: 'string' },
      'pull-version': { type: 'string' },
      route: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await write(io.stdout, TIMELINE_USAGE);
    return 0;
  }
  const store = values.store;
  const pushKey = values['push-key'];
  const pullKey = values['pull-key'];
  if (!store || !pushKey || !pullKey) throw new UsageError('timeline needs --store DIR, --push-key P and --pull-key P');
  for (const p of [pushKey, pullKey, values['push-version'], values['pull-version']]) {
    if (p !== undefined && !p.startsWith('$')) throw new UsageError(`a JSONPath starts with $, not "${printable(p)}"`);
  }
  if ((values['push-version'] === undefined) !== (values['pull-version'] === undefined)) {
    throw new UsageError('--push-version and --pull-version go together');
  }
  let hooks: DurableHookStore;
  let history: HistoryStore;
  try {
    hooks = await DurableHookStore.openReadOnly(store);
  } catch (error) {
    io.stderr.write(
      `pushpull timeline: the hooks in ${printable(store)} cannot be read: ${oneLine(messageOf(error))}\n`,
    );
    return 2;
  }
  try {
    history = await HistoryStore.open(path.join(path.resolve(store), 'history'), {
      owner: `pushpull timeline (process ${process.pid})`,
    });
  } catch (error) {
    await hooks.close();
    io.stderr.write(
      `pushpull timeline: the polls in ${printable(store)} cannot be read: ${oneLine(messageOf(error))}\n`,
    );
    return 2;
  }
  try {
    const watches = await readWatches(path.join(path.resolve(store), WATCHES_FILE));
    const paths = {
      pushKey,
      pullKey,
      ...(values['push-version'] === undefined ? {} : { pushVersion: values['push-version'] }),
      ...(values['pull-version'] === undefined ? {} : { pullVersion: values['pull-version'] }),
    };
    const input = timelineInput(
      {
        hooks: hooks.list(),
        readHookBody: async (id) => (await hooks.readBody(id)) ?? undefined,
        watches,
        readPollBody: (id) => history.readBody(id, 'decoded', MAX_POLL_BODY),
      },
      paths,
      values.route,
    );
    const timeline = await buildTimeline(input);
    if (values.json) await write(io.stdout, `${terminalSafeJson(timeline, 2)}\n`);
    else await write(io.stdout, timelineMarkdown(timeline, paths));
    return 0;
  } finally {
    await history.dispose();
    await hooks.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
