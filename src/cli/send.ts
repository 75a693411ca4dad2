import { randomUUID } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { isRequestErrorCode } from '../core/http/errors';
import type { PullOptions } from '../core/http/options';
import { pull } from '../core/http/pull';
import type { ExchangeSummary } from '../core/model/history';
import type { OutgoingRequest, PulledResponse } from '../core/model/pulled';
import { HistoryStore } from '../core/store/history';
import { historyDirs } from '../core/store/history/open';
import { printable } from './format';
import { type CliIo, oneLine, write } from './io';
import { parseSendArgs, type SendArgs } from './sendArgs';
import { isHttpFileArgument, runSendFile, SEND_FILE_USAGE } from './sendFile';
import { outgoingOf } from './sendRequest';
import { cliVersion } from './version';
import { headLines, jsonOut, printBody, saveBody, summaryLine } from './sendOutput';

export const SEND_USAGE = `Usage: pushpull send [METHOD] URL [-H "Name: value"]… [-d DATA | --data-file FILE | --json JSON]
                     [--no-follow] [--insecure] [--cacert FILE] [--timeout SECONDS] [--output FILE]
                     [--include] [--json-out] [--history DIR] [--env FILE [--environment NAME]]

Sends one request with PushPull's sender and prints the response body to stdout, and a summary
(status · time · size) to stderr. METHOD is GET, or POST when a body is given. A URL without a scheme
gets http:// for this machine's addresses and https:// otherwise. Proxies come from HTTP_PROXY,
HTTPS_PROXY and NO_PROXY.

Exit status: 0 answered 1xx/2xx/3xx, 1 answered 4xx/5xx, 2 usage error, 3 no answer (connection,
TLS, timeout: the sender's code and why on stderr).

  -H, --header      a request header, repeatable
  -d, --data        a body as text, sent with Content-Type application/x-www-form-urlencoded unless set
  --data-file       a file sent as it is, streamed (Content-Type application/octet-stream unless set)
  --json            a JSON body, checked, sent with Content-Type application/json unless set
  --no-follow       do not follow redirects (followed by default, at most 10)
  -k, --insecure    accept any server certificate (expired, self-signed, another host's)
  --cacert          a PEM file of certificate authorities trusted besides Node's own
  --timeout         most seconds for the whole exchange (default: 30 s per step)
  -o, --output      write the body to FILE instead of stdout (streamed, never held whole in memory)
  -i, --include     print the status line and headers to stderr instead of the summary
  --json-out        print one JSON object (status, headers, timings, redirects, size, body) instead
  --history         record the exchange in a request history folder, masked (Authorization, Cookie, …)
  --env             a JSON file of environments in the shape of the pushpull.environments setting:
                    {{name}} in the URL, headers and body are resolved from it
  --environment     the environment to use ($shared alone when not given)
User-Agent is PushPull/<version> unless -H sets one.
`;

/** `pushpull send`: returns the exit code (see SEND_USAGE). */
export async function runSend(argv: string[], io: CliIo): Promise<number> {
  if (isHttpFileArgument(argv[0])) return runSendFile(argv, io);
  let args: SendArgs;
  let request: OutgoingRequest;
  try {
    const parsed = parseSendArgs(argv);
    if (parsed === 'help') {
      await write(io.stdout, `${SEND_USAGE}\n${SEND_FILE_USAGE}`);
      return 0;
    }
    args = parsed;
    request = await outgoingOf(args);
  } catch (error) {
    io.stderr.write(`pushpull send: ${printable(oneLine(messageOf(error)))} (see pushpull send --help)\n`);
    return 2;
  }
  return send(args, request, io);
}

async function send(args: SendArgs, request: OutgoingRequest, io: CliIo): Promise<number> {
  let history: HistoryStore | undefined;
  if (args.history !== undefined) {
    try {
      history = await HistoryStore.open(path.resolve(args.history), {
        owner: `pushpull send (process ${process.pid})`,
      });
    } catch (error) {
      io.stderr.write(`pushpull send: the history ${args.history} cannot be used: ${oneLine(messageOf(error))}\n`);
      return 2;
    }
  }
  const spillDir = history
    ? historyDirs(path.resolve(args.history ?? '')).spill
    : await fsp.mkdtemp(path.join(os.tmpdir(), 'pushpull-send-'));
  let keepSpill = false;
  try {
    const startedAt = Date.now();
    let response: PulledResponse;
    try {
      response = await pull(request, pullOptions(args, spillDir));
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !isRequestErrorCode(code)) throw error;
      io.stderr.write(`pushpull send: ${code}: ${printable(oneLine(messageOf(error)))}\n`);
      return 3;
    }
    if (args.output !== undefined) await saveBody(response.decoded, args.output);
    else if (!args.jsonOut) await printBody(response.decoded, io.stdout);
    let summary: ExchangeSummary | undefined;
    if (history) {
      summary = await history.add({ id: randomUUID(), startedAt, source: 'cli', request, response }, { mask: true });
    }
    if (args.jsonOut) {
      let bodyFile = args.output === undefined ? undefined : path.resolve(args.output);
      if (bodyFile === undefined && response.decoded.kind === 'file') {
        // A big body without --output stays where it is: in the history, or in its temporary folder.
        const kept = summary && history ? await history.bodyRef(summary.id) : response.decoded;
        if (kept?.kind === 'file') bodyFile = kept.path;
        keepSpill = !history;
      }
      await write(io.stdout, jsonOut(response, bodyFile));
    } else {
      io.stderr.write(args.include ? headLines(response) : summaryLine(response));
    }
    if (!history && !keepSpill) await removeBodies(response);
    return response.status >= 400 ? 1 : 0;
  } finally {
    await history?.dispose();
    if (!history && !keepSpill) await fsp.rm(spillDir, { recursive: true, force: true });
  }
}

function pullOptions(args: SendArgs, spillDir: string): PullOptions {
  return {
    spillDir,
    followRedirects: args.follow,
    ...(args.timeoutMs === undefined ? {} : { timeoutMs: args.timeoutMs, totalTimeoutMs: args.timeoutMs }),
    ...(args.insecure || args.caFile !== undefined
      ? {
          tls: {
            ...(args.insecure ? { allowInvalidCertificates: true } : {}),
            ...(args.caFile === undefined ? {} : { caFile: path.resolve(args.caFile) }),
          },
        }
      : {}),
    userAgent: `PushPull/${cliVersion()}`,
  };
}

async function removeBodies(response: PulledResponse): Promise<void> {
  for (const body of [response.raw, response.decoded]) {
    if (body.kind === 'file') await fsp.rm(body.path, { force: true });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
