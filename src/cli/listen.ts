import * as fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { systemClock, type Logger } from '../core/clock';
import { defaultListenerOptions } from '../core/hooks/listener';
import { isLoopback } from '../core/hooks/loopback';
import type { Route } from '../core/hooks/routes';
import type { SecretLookup } from '../core/hooks/signing';
import { PushSide } from '../core/push/session';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_HOOKS } from '../core/store/durable';
import { printable } from './format';
import { type CliIo, isBrokenPipe, UsageError, wholeNumber, write } from './io';
import { LazyHttp } from '../core/pull/lazyHttp';
import { hookForwarder } from '../core/relay/forward';
import type { RelayChannel } from '../core/relay/channel';
import { connectRelays, LISTEN_USAGE, relayPlaces } from './listenRelay';
import { ListenReport } from './listenReport';
import { readRoutesFile } from './routesFile';

/** `pushpull listen`: the extension's push session (listener and store, same defaults), headless, until SIGINT/SIGTERM. */
export async function runListen(args: string[], io: CliIo, signals: NodeJS.EventEmitter = process): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      store: { type: 'string' },
      'max-body': { type: 'string' },
      'max-hooks': { type: 'string' },
      'max-bytes': { type: 'string' },
      'max-connections': { type: 'string' },
      'max-hooks-per-second': { type: 'string' },
      routes: { type: 'string' },
      secret: { type: 'string', multiple: true },
      relay: { type: 'string', multiple: true },
      quiet: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await write(io.stdout, LISTEN_USAGE);
    return 0;
  }
  if (values.quiet && values.json) throw new UsageError('--quiet and --json cannot go together');
  if (!values.store) throw new UsageError('listen needs --store DIR (where hooks are kept)');
  const port = wholeNumber('port', values.port, defaultListenerOptions.port);
  if (port > 65535) throw new UsageError(`--port must be 0–65535, not ${port}`);
  // The store keeps a body of at most 4 GiB − 1 in one record.
  const maxBodyBytes = wholeNumber('max-body', values['max-body'], defaultListenerOptions.maxBodyBytes, 0xffffffff);
  if (maxBodyBytes === 0) throw new UsageError('--max-body must be at least 1');
  const limits = {
    maxConnections: wholeNumber('max-connections', values['max-connections'], defaultListenerOptions.maxConnections),
    maxHooksPerSecond: wholeNumber(
      'max-hooks-per-second',
      values['max-hooks-per-second'],
      defaultListenerOptions.maxHooksPerSecond,
    ),
  };
  const routes = values.routes ? await readRoutesFile(values.routes) : [];
  const secretFor = secretsFrom(values.secret ?? [], routes, io.env);
  const relays = relayPlaces(values.relay ?? [], routes);
  const logger = stderrLogger(io);
  const retention = {
    maxHooks: wholeNumber('max-hooks', values['max-hooks'], DEFAULT_MAX_HOOKS),
    maxBytes: wholeNumber('max-bytes', values['max-bytes'], DEFAULT_MAX_BYTES),
  };
  // A listen that fails to start leaves no store folder it created behind.
  const existed = await fs.stat(values.store).then(
    () => true,
    () => false,
  );
  const push = new PushSide({
    location: values.store,
    owner: 'pushpull listen',
    clock: systemClock,
    logger,
    retention: () => retention,
    // dist/cli.js sits beside dist/http.js, the bundle with undici: it loads with the first forward.
    forwarder: hookForwarder(() => new LazyHttp(__dirname).get().sendExact),
  });
  const host = values.host ?? defaultListenerOptions.host;
  const mode = values.json ? 'json' : values.quiet ? 'quiet' : 'text';
  const report = new ListenReport(push, routes, mode, io.stdout);
  let channels: RelayChannel[];
  try {
    const address = await push.start(() => Promise.resolve({ host, port, maxBodyBytes, routes, secretFor, ...limits }));
    const first =
      mode === 'json'
        ? `${JSON.stringify({ type: 'listening', url: address.url })}\n`
        : `listening on ${address.url}\n`;
    // A reader that took the first line and went away (`| head -1`) does not stop the listener.
    await write(io.stdout, first).catch((error: unknown) => {
      if (!isBrokenPipe(error)) throw error;
    });
    // Like the logger's lines, a warning that cannot be written does not stop the listener.
    if (!isLoopback(host)) {
      io.stderr.write(`warning: listening on ${printable(host)} — anyone who can reach this machine can send hooks\n`);
    }
    channels = connectRelays(push, relays, { logger, maxBodyBytes, stderr: io.stderr });
  } catch (error) {
    await report.dispose();
    await push.dispose();
    if (!existed) await fs.rm(values.store, { recursive: true, force: true });
    throw error;
  }
  await new Promise<void>((resolve) => {
    signals.once('SIGINT', resolve);
    signals.once('SIGTERM', resolve);
  });
  await Promise.all(channels.map((channel) => channel.close()));
  await report.dispose();
  await push.dispose();
  return 0;
}

/** Signing secrets from `--secret ROUTE=VALUE` flags, else from each route's `secretEnv` variable. */
function secretsFrom(flags: readonly string[], routes: readonly Route[], env: NodeJS.ProcessEnv): SecretLookup {
  const secrets = new Map<string, string>();
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new UsageError(`--secret takes ROUTE=SECRET, not "${flag.slice(0, 40)}"`);
    const route = flag.slice(0, eq);
    if (!routes.some((r) => r.name === route))
      throw new UsageError(`--secret names route "${route}", which --routes does not define`);
    secrets.set(route, flag.slice(eq + 1));
  }
  for (const route of routes) {
    const value = route.secretEnv ? env[route.secretEnv] : undefined;
    if (value && !secrets.has(route.name)) secrets.set(route.name, value);
  }
  return (route) => secrets.get(route);
}

function stderrLogger(io: CliIo): Logger {
  const line = (level: string, message: string): void => void io.stderr.write(`${level}: ${message}\n`);
  return {
    info: () => undefined,
    warn: (message) => line('warning', message),
    error: (message) => line('error', message),
  };
}
