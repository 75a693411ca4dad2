import type { ForwardResult, HookMeta } from '../model/hook';
import type { sendExact } from '../http/send';
import { FORWARD_LOOP, type ForwardContext, type HookForwarder } from '../hooks/forwarder';
import { errorCode } from '../errors';
import { urlAuthorization, withoutCredentials } from '../http/credentials';
import { endToEndHeaders } from '../http/hopByHop';
import { httpUrl } from '../http/url';
import { FORWARDED_BY, markersCarried } from '../hooks/loopMarker';
import { leavesTargetPath } from './targetPath';

/** How much of the target's answer is kept with the hook. */
export const MAX_FORWARD_BODY = 64 * 1024;

export { FORWARD_LOOP };

/** The undici sender's exact send (`core/http`), handed in so that undici loads from its own bundle when first used. */
export type SendExact = typeof sendExact;

/** The forward result's error when the forward came back to a listener that had forwarded it before. */
export const FORWARD_CAME_BACK =
  'refused as a forward loop: it came back to a PushPull listener that forwarded it before, which would store and forward it again';

/** How a forward is sent: its time limit, what aborts it, and what keeps a listener from forwarding to itself. */
export interface ForwardOptions {
  /** Sends the request; `core/http`'s `sendExact`, from the bundle that carries undici. */
  readonly send: SendExact;
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
 * The path and query to send. By default the target's own path and query, exactly as given: the URL given is
 * the URL called. With `keepPath`, the target's path joined with the hook's path and query exactly as received
 * (no dot segments resolved, nothing re-escaped), `/in` + `/github?x=1`; the target's own query is then kept
 * when the hook has none, and `forwardHook` refuses a path whose dot segments lead out of the target's path.
 */
export function forwardPath(target: ForwardTarget, hookUrl: string, keepPath = false): string {
  if (!keepPath) return `${target.url.pathname}${target.url.search}`;
  const url = hookUrl.startsWith('/') ? hookUrl : `/${hookUrl}`;
  const withQuery = url.includes('?') ? url : `${url}${target.url.search}`;
  const prefix = target.url.pathname.endsWith('/') ? target.url.pathname.slice(0, -1) : target.url.pathname;
  return `${prefix}${withQuery}`;
}

/** The URL a request to `target` with `path` calls, without the target's credentials: what results and messages show. */
export function calledUrl(target: ForwardTarget, path: string): string {
  return `${target.url.origin}${path}`;
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
  options: ForwardOptions & { readonly keepPath?: boolean },
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
  const request = { method: hook.method, headers: hook.headers, path: forwardPath(target, hook.url, options.keepPath) };
  return forwardHook(request, body, target, options);
}

/**
 * Sends `request` with its exact body to `target`'s host, through `options.send` (the undici sender of `core/http`). Never throws: failures, a timeout and `signal` aborting it are in the result,
 * whose `target` is the URL called (`calledUrl`).
 * A path that leads out of the target's path once a server resolves its dot segments (`/in/github/../../admin`,
 * also escaped) is not sent: the sender would reach other paths there with the target's credentials.
 */
export async function forwardHook(
  request: ForwardRequest,
  body: Uint8Array,
  target: ForwardTarget,
  options: ForwardOptions,
): Promise<ForwardResult> {
  const { send, timeoutMs = 30_000, signal, isSelf, marker } = options;
  const started = performance.now();
  // The result names the URL called (without credentials), not the one typed.
  const done = (partial: Omit<ForwardResult, 'ms' | 'target'>): ForwardResult => ({
    target: calledUrl(target, request.path),
    ms: Math.round(performance.now() - started),
    ...partial,
  });
  if (leavesTargetPath(target.url.pathname, request.path)) {
    const error = `not forwarded: its path leads out of the target's path ${target.url.pathname} (dot segments)`;
    return done({ error });
  }
  const base = target.url;
  const headers: Array<readonly [string, string]> = [
    ...endToEndHeaders(request.headers),
    ['Host', base.host],
    ['Content-Length', String(body.length)],
  ];
  // Credentials in the target URL (`http://user:pw@host/`) go as Basic auth unless the hook brought its own.
  const auth = urlAuthorization(base, request.headers);
  if (auth !== undefined) headers.push(['Authorization', auth]);
  // The markers of every listener this request passed, so that a loop through any of them is known as one.
  const markers = marker === undefined ? [] : [...markersCarried(request.headers), marker];
  if (marker !== undefined) headers.push([FORWARDED_BY, marker]);
  // Refused once connected, before anything is written: the target is where this listener listens.
  const onConnect = isSelf
    ? (address: string, port: number) =>
        isSelf(address, port) ? new ForwardLoopError(`${address}:${port}`) : undefined
    : undefined;
  try {
    const answer = await send(
      { method: request.method, origin: new URL(base.origin), path: request.path, headers, body },
      { timeoutMs, maxBodyBytes: MAX_FORWARD_BODY, signal, onConnect },
    );
    const result = { status: answer.status, body: Buffer.from(answer.body).toString('utf8') };
    const cameBack = answer.status === 508 && markersCarried(answer.headers).some((m) => markers.includes(m));
    return done(cameBack ? { ...result, error: FORWARD_CAME_BACK } : result);
  } catch (error) {
    return done({ error: forwardError(error, timeoutMs) });
  }
}

/**
 * The listener's forwarder: sends each stored hook to its route's `forwardTo` through the sender `send` gives,
 * which is asked for with the first forward.
 */
export function hookForwarder(send: () => SendExact): HookForwarder {
  return (hook: HookMeta, body: Uint8Array, target: string, context: ForwardContext) => {
    let loaded: SendExact;
    try {
      loaded = send();
    } catch (error) {
      const result = { target: withoutCredentials(target), ms: 0, error: `not forwarded: ${messageOf(error)}` };
      return Promise.resolve(result);
    }
    return forwardReceived(hook, body, target, { ...context, send: loaded });
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Ends a forward whose socket connected to its sender's own listener. */
class ForwardLoopError extends Error {}

/**
 * A failed forward in words, as forward results have always named them: a loop, a time limit, else what Node
 * said (`connect ECONNREFUSED 127.0.0.1:3000`).
 */
function forwardError(error: unknown, timeoutMs: number): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof ForwardLoopError) return FORWARD_LOOP;
  if (errorCode(error) === 'TIMEOUT') return `no answer within ${timeoutMs} ms`;
  return cause instanceof Error ? cause.message : String(cause);
}
