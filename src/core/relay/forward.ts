import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import type { ForwardResult, HookMeta } from '../model/hook';
import { urlAuthorization, withoutCredentials } from '../http/credentials';
import { httpUrl } from '../http/url';
import { FORWARDED_BY, markersCarried, markersIn } from '../hooks/loopMarker';
import { leavesTargetPath } from './targetPath';

/** Headers that belong to one connection and are not passed on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
]);

/** How much of the target's answer is kept with the hook. */
export const MAX_FORWARD_BODY = 64 * 1024;

/** The forward result's error when the target is the listener that forwards. */
export const FORWARD_LOOP =
  'not forwarded: the target is this listener, a forward loop (each forward would be received and forwarded again)';

/** The forward result's error when the forward came back to a listener that had forwarded it before. */
export const FORWARD_CAME_BACK =
  'refused as a forward loop: it came back to a PushPull listener that forwarded it before, which would store and forward it again';

/** How a forward is sent: its time limit, what aborts it, and what keeps a listener from forwarding to itself. */
export interface ForwardOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /**
   * Whether the address and port the forward connected to (as its socket reports them) are where the sender
   * itself listens, however the target named its host (`0.0.0.0`, `[::ffff:127.0.0.1]`, `127.1`, a name
   * resolving there). Then nothing is written, and the result says `FORWARD_LOOP`.
   */
  readonly isSelf?: (address: string, port: number) => boolean;
  /**
   * The sending listener's value of `FORWARDED_BY`, added to the request after those it had; a 508 answer
   * naming one of them means the request came back to a listener that forwarded it before and was refused
   * there (`FORWARD_CAME_BACK`).
   */
  readonly marker?: string;
}

/** A forward or replay target, parsed once: every forwarded path and query follows its path. */
export interface ForwardTarget {
  /**
   * As the user gave it, without its `user:password@`: forward results, logs and messages name it so, and
   * the hook store keeps it so.
   */
  readonly text: string;
  /** With its credentials, if any: they are sent as Basic auth. */
  readonly url: URL;
}

/** Parses an http:// or https:// target; throws a TypeError naming it (without credentials) otherwise. */
export function forwardTarget(text: string): ForwardTarget {
  const url = httpUrl(text);
  const shown = withoutCredentials(text);
  if (!url) throw new TypeError(`${JSON.stringify(shown)} is not an http:// or https:// URL`);
  return { text: shown, url };
}

/**
 * The path and query to send: the target's path joined with the hook's path and query exactly as received
 * (no dot segments resolved, nothing re-escaped), `/in` + `/github?x=1`. A target's own query is kept when
 * the hook has none. `forwardHook` refuses one whose dot segments lead out of the target's path.
 */
export function forwardPath(target: ForwardTarget, hookUrl: string): string {
  const url = hookUrl.startsWith('/') ? hookUrl : `/${hookUrl}`;
  const withQuery = url.includes('?') ? url : `${url}${target.url.search}`;
  const prefix = target.url.pathname.endsWith('/') ? target.url.pathname.slice(0, -1) : target.url.pathname;
  return `${prefix}${withQuery}`;
}

/** What is sent: the method and headers, and the path and query as `forwardPath` makes them or a signer changed them. */
export interface ForwardRequest {
  readonly method: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly path: string;
}

/**
 * Forwards a hook as received to a target given as text, as routes name it; an invalid target is a failed
 * forward, like one that does not answer.
 */
export function forwardReceived(
  hook: Pick<HookMeta, 'method' | 'url' | 'headers'>,
  body: Uint8Array,
  text: string,
  options: ForwardOptions = {},
): Promise<ForwardResult> {
  let target: ForwardTarget;
  try {
    target = forwardTarget(text);
  } catch (error) {
    return Promise.resolve({
      target: withoutCredentials(text),
      ms: 0,
      error: `Invalid forward target: ${(error as Error).message}`,
    });
  }
  const request = { method: hook.method, headers: hook.headers, path: forwardPath(target, hook.url) };
  return forwardHook(request, body, target, options);
}

/**
 * Sends `request` with its exact body to `target`'s host. Never throws: failures, a timeout and `signal`
 * aborting it are in the result. A path that leads out of the target's path once a server resolves its dot
 * segments (`/in/github/../../admin`, also escaped) is not sent: the sender would reach other paths there
 * with the target's credentials.
 */
export function forwardHook(
  request: ForwardRequest,
  body: Uint8Array,
  target: ForwardTarget,
  options: ForwardOptions = {},
): Promise<ForwardResult> {
  const { timeoutMs = 30_000, signal, isSelf, marker } = options;
  const started = performance.now();
  const done = (partial: Omit<ForwardResult, 'ms' | 'target'>): ForwardResult => ({
    target: target.text,
    ms: Math.round(performance.now() - started),
    ...partial,
  });
  if (leavesTargetPath(target.url.pathname, request.path)) {
    const error = `not forwarded: its path leads out of the target's path ${target.url.pathname} (dot segments)`;
    return Promise.resolve(done({ error }));
  }
  return new Promise((resolve) => {
    const headers: string[] = [];
    for (const [name, value] of request.headers) {
      if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push(name, value);
    }
    const base = target.url;
    headers.push('Host', base.host, 'Content-Length', String(body.length));
    // Credentials in the target URL (`http://user:pw@host/`) go as Basic auth unless the hook brought its own,
    // as Node does for a URL (it cannot here: the headers are given as raw pairs).
    const auth = urlAuthorization(base, request.headers);
    if (auth !== undefined) headers.push('Authorization', auth);
    // The markers of every listener this request passed, so that a loop through any of them is known as one.
    const markers = marker === undefined ? [] : [...markersCarried(request.headers), marker];
    if (marker !== undefined) headers.push(FORWARDED_BY, marker);
    const client = base.protocol === 'https:' ? https : http;
    const options: http.RequestOptions = {
      protocol: base.protocol,
      // Options, not a URL string: Node would parse the path again and normalise it.
      hostname: base.hostname.startsWith('[') ? base.hostname.slice(1, -1) : base.hostname,
      port: base.port || undefined,
      path: request.path,
      method: request.method,
      headers,
      timeout: timeoutMs,
      signal,
    };
    const req = client.request(options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_FORWARD_BODY) chunks.push(chunk.subarray(0, MAX_FORWARD_BODY - size));
        size += chunk.length;
      });
      const cameBack =
        res.statusCode === 508 && markersIn(res.headers[FORWARDED_BY.toLowerCase()]).some((m) => markers.includes(m));
      res.on('end', () => {
        const answer = { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') };
        resolve(done(cameBack ? { ...answer, error: FORWARD_CAME_BACK } : answer));
      });
      res.on('error', (error) => resolve(done({ status: res.statusCode ?? 0, error: error.message })));
    });
    if (isSelf) req.on('socket', (socket) => refuseSelf(req, socket, isSelf));
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) =>
      resolve(done({ error: error instanceof ForwardLoopError ? FORWARD_LOOP : error.message })),
    );
    req.end(body);
  });
}

/** Ends a forward whose socket connected to its sender's own listener. */
class ForwardLoopError extends Error {}

/**
 * Ends `req` once its socket is connected to where `isSelf` says the sender listens. Node writes the request
 * when the socket connects, in a listener added after the `socket` event: this one runs first, so nothing of
 * the request is written. A socket kept alive from an earlier request is checked at once.
 */
function refuseSelf(req: http.ClientRequest, socket: Socket, isSelf: NonNullable<ForwardOptions['isSelf']>): void {
  const check = (): void => {
    const { remoteAddress, remotePort } = socket;
    if (remoteAddress !== undefined && remotePort !== undefined && isSelf(remoteAddress, remotePort)) {
      req.destroy(new ForwardLoopError(`${remoteAddress}:${remotePort}`));
    }
  };
  if (socket.connecting) socket.once('connect', check);
  else check();
}
