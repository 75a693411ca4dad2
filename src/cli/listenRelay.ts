import { type Logger, systemTimers } from '../core/clock';
import { isHttpUrl } from '../core/http/url';
import type { Route } from '../core/hooks/routes';
import type { PushSide } from '../core/push/session';
import { CHANNEL_USER_AGENT, maxEventBytesFor, RelayChannel, relayKeysOf } from '../core/relay/channel';
import type { ChannelPlace } from '../core/relay/channelEvent';
import { printable } from './format';
import { UsageError } from './io';

export const LISTEN_USAGE = `Usage: pushpull listen --store DIR [options]

Receives webhooks on a local port and keeps every one in DIR, as the VS Code extension does, until Ctrl+C.
Prints a line per hook: time, method, path, size, signature verdict, event, forward result, relay.

Options:
  --store DIR                  where hooks are kept (required)
  --host H                     address to listen on (default 127.0.0.1)
  --port P                     port (default 8787; 0 picks a free one)
  --routes FILE                JSON array of routes (pathPrefix, provider, forwardTo, response, secretEnv…)
  --secret ROUTE=SECRET        signing secret of a route (repeatable; or the route's secretEnv variable)
  --relay [ROUTE=]CHANNEL_URL  also receive the hooks of a smee.io or gosmee channel (repeatable); with ROUTE
                               they arrive at that route's path, else at /
  --json                       one JSON line per hook (the first line says where it listens)
  --quiet                      no line per hook
  --max-body BYTES  --max-hooks N  --max-bytes B  --max-connections N  --max-hooks-per-second N
  -h, --help                   this text

smee.io passes bodies on parsed, so their signatures cannot verify; gosmee passes the exact bytes.
`;

/** `--relay` values: `CHANNEL_URL` (hooks arrive at `/`) or `ROUTE=CHANNEL_URL` (at the route's path). */
export function relayPlaces(values: readonly string[], routes: readonly Route[]): ChannelPlace[] {
  return values.map((value) => {
    const named = /^([^=]+?)=(https?:\/\/.*)$/i.exec(value);
    const url = named ? (named[2] as string) : value;
    if (!isHttpUrl(url))
      throw new UsageError(`--relay takes an http:// or https:// channel URL, not "${value.slice(0, 80)}"`);
    if (!named) return { url, path: '/' };
    const route = routes.find((r) => r.name === named[1]);
    if (!route) throw new UsageError(`--relay names route "${named[1]}", which --routes does not define`);
    return { url, path: route.pathPrefix };
  });
}

/** Connects each channel to the push session; what they do goes to stderr (text) as it happens. */
export function connectRelays(
  push: PushSide,
  places: readonly ChannelPlace[],
  options: { logger: Logger; maxBodyBytes: number; stderr: NodeJS.WritableStream },
): RelayChannel[] {
  return places.map((place) => {
    const channel = new RelayChannel({
      place,
      deliver: (request) => push.receiveRelayed(request),
      storedKeys: () => relayKeysOf(push.store),
      timers: systemTimers,
      logger: options.logger,
      maxEventBytes: maxEventBytesFor(options.maxBodyBytes),
      userAgent: CHANNEL_USER_AGENT,
    });
    channel.onDidChangeState((state) => {
      if (state === 'open')
        options.stderr.write(`relay: reading ${printable(channel.channel)} → ${printable(place.path)}\n`);
    });
    channel.start();
    return channel;
  });
}
