import { runCompare } from './compare';
import { runHooks } from './hooks';
import { type CliIo, isBrokenPipe, oneLine, UsageError, write } from './io';
import { runListen } from './listen';
import { runParse } from './parse';
import { runSend } from './send';
import { runTimeline } from './timeline';
import { runVerify } from './verify';
import { cliVersion } from './version';
import { runWatch } from './watch';

const USAGE = `Usage:
  pushpull listen --store DIR [--host H] [--port P] [--max-body BYTES] [--max-hooks N] [--max-bytes B] [--max-connections N] [--max-hooks-per-second N] [--routes FILE] [--secret ROUTE=SECRET]…
    [--relay [ROUTE=]CHANNEL_URL]… [--json | --quiet]
  pushpull hooks list --store DIR [--limit N] [--since 10m|DATE] [--filter TEXT] [--long] [--json]
  pushpull hooks show ID|latest --store DIR [--raw]
  pushpull verify --provider P (--secret S | --secret-env NAME) [--url U] [--now UNIX_SECONDS] --header "Name: value"… < body
  pushpull verify --store DIR --id ID|latest [--routes FILE] [--secret S | --secret-env NAME]
  pushpull send [METHOD] URL [-H "Name: value"]… [-d DATA | --data-file FILE | --json JSON] [--output FILE] [--json-out] …
    (pushpull send --help for all its options and exit codes)
  pushpull send FILE.http [--name N | --line L | --all] [--env E] [--json] [--store DIR]
  pushpull parse FILE [--json]
  pushpull compare LEFT RIGHT [--left-path P] [--right-path P] [--ignore P]… [--key NAME] [--json] [--store DIR]
  pushpull watch --url URL [--header "Name: value"]… --every SECONDS --store DIR [--for SECONDS]
  pushpull timeline --store DIR --push-key P --pull-key P [--push-version P --pull-version P] [--route NAME] [--json]
  pushpull --version

pushpull COMMAND --help tells more of each command: its options, what they do and its exit codes.
`;

/** Runs one CLI command and returns its exit code: 0 done, 1 not found or invalid, 2 usage or start error. */
export const usage = USAGE;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'listen':
        return await runListen(rest, io);
      case 'hooks':
        return await runHooks(rest, io);
      case 'verify':
        return await runVerify(rest, io);
      case 'send':
        return await runSend(rest, io);
      case '--version':
      case '-V':
      case 'version':
        await write(io.stdout, `pushpull ${cliVersion()}\n`);
        return 0;
      case 'parse':
        return await runParse(rest, io);
      case 'compare':
        return await runCompare(rest, io);
      case 'watch':
        return await runWatch(rest, io);
      case 'timeline':
        return await runTimeline(rest, io);
      case 'help':
      case '--help':
      case '-h':
        await write(io.stdout, USAGE);
        return 0;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'a command is needed');
    }
  } catch (error) {
    if (isBrokenPipe(error)) return 0;
    io.stderr.write(`pushpull: ${describe(error)}\n`);
    return 2;
  }
}

/** One line: node:util parseArgs errors (unknown flag, missing value) carry a readable message over several. */
function describe(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}
