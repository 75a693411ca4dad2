import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { BodyRef, OutgoingRequest, PulledResponse, RedirectHop } from '../model/pulled';
import { type BodySink, collectBody, removeBody } from './body';
import { withoutCredentials } from './credentials';
import { decodeBody } from './decode';
import { RequestError } from './errors';
import { pullFailure } from './failure';
import { type AnswerHead, AnswerHandler } from './handler';
import {
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_MEMORY_THRESHOLD_BYTES,
  DEFAULT_PULL_TIMEOUT_MS,
  type PullOptions,
} from './options';
import { wireOf } from './outgoing';
import { ConnectionPool } from './pool';
import { type Hop, nextHop, redirectTarget } from './redirects';
import { parseRequestUrl } from './url';

/** Most bytes of a redirect's own body read (and dropped) so its connection can be used again. */
const REDIRECT_BODY_READ = 64 * 1024;

/**
 * Sends `request` and reads its answer: redirects followed and recorded, the body kept in memory up to the
 * threshold and in a file of `spillDir` beyond it (read with backpressure, never whole in memory), its
 * Content-Encoding undone into a second body, timings per phase. Fails with a RequestError whose code is stable;
 * the files of a failed request are removed.
 */
export async function pull(request: OutgoingRequest, options: PullOptions): Promise<PulledResponse> {
  const started = performance.now();
  const url = parseRequestUrl(request.url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_PULL_TIMEOUT_MS;
  const deadline = options.totalTimeoutMs === undefined ? undefined : AbortSignal.timeout(options.totalTimeoutMs);
  const pool = options.pool ?? new ConnectionPool();
  const sink: BodySink = {
    memoryThresholdBytes: options.memoryThresholdBytes ?? DEFAULT_MEMORY_THRESHOLD_BYTES,
    spillDir: options.spillDir,
    maxBytes: options.maxBodyBytes,
  };
  let hop: Hop = { method: request.method.trim().toUpperCase(), url, headers: request.headers, body: request.body };
  let current: AnswerHandler | undefined;
  const onAbort = (): void => current?.abort(stopReason(options, deadline, hop.url));
  options.signal?.addEventListener('abort', onAbort);
  deadline?.addEventListener('abort', onAbort);
  let raw: BodyRef | undefined;
  try {
    options.signal?.throwIfAborted();
    const dispatcher = await pool.dispatcherFor({ tls: options.tls, proxy: options.proxy, timeoutMs });
    const redirects: RedirectHop[] = [];
    for (;;) {
      current = new AnswerHandler((handler) =>
        pool.expectSocket((socket) => {
          handler.socket = socket;
        }),
      );
      if (options.signal?.aborted || deadline?.aborted) current.abort(stopReason(options, deadline, hop.url));
      const answer = await send(dispatcher, current, hop, options, timeoutMs);
      await keepCookies(answer, hop.url, options);
      const target =
        options.followRedirects === false ? undefined : redirectTarget(answer.status, answer.rawHeaders, hop.url);
      if (target !== undefined) {
        redirects.push(await followed(answer, hop.url, target, redirects.length, options.maxRedirects));
        hop = nextHop(hop, answer.status, target);
        continue;
      }
      const collected = await collectBody(answer.body, sink, () => answer.body.destroy());
      raw = collected.ref;
      const endAt = performance.now();
      // undici hands the connection back to its pool a turn after the body ended: a request sent from the
      // caller's next line would otherwise open a new connection.
      if (options.pool) await new Promise<void>((resolve) => setImmediate(resolve));
      const encoding = answer.rawHeaders.find(([name]) => name.toLowerCase() === 'content-encoding')?.[1];
      const decoded = await decodeBody(raw, encoding, sink, collected.truncated);
      const use = answer.socket ? pool.socketUse(answer.socket) : { reused: false };
      return {
        url: withoutCredentials(hop.url.href),
        status: answer.status,
        statusText: answer.statusText,
        httpVersion: '1.1',
        headers: answer.rawHeaders,
        raw,
        decoded: decoded.decoded,
        ...(decoded.encoding === undefined ? {} : { encoding: decoded.encoding }),
        ...(decoded.decodeError === undefined ? {} : { decodeError: decoded.decodeError }),
        truncated: collected.truncated,
        timings: {
          ...use.phases,
          firstByte: answer.headAt - answer.sentAt,
          download: endAt - answer.headAt,
          total: endAt - started,
          reusedConnection: use.reused,
        },
        redirects,
      };
    }
  } catch (error) {
    await removeBody(raw);
    throw pullFailure(error, { url: hop.url, options, deadline });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    deadline?.removeEventListener('abort', onAbort);
    if (!options.pool) await pool.close();
  }
}

async function send(
  dispatcher: Dispatcher,
  handler: AnswerHandler,
  hop: Hop,
  options: PullOptions,
  timeoutMs: number,
): Promise<AnswerHead> {
  const wire = await wireOf(hop, options);
  dispatcher.dispatch(
    {
      origin: hop.url.origin,
      path: `${hop.url.pathname}${hop.url.search}`,
      method: hop.method as Dispatcher.HttpMethod,
      headers: wire.headers,
      body: wire.body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    },
    handler,
  );
  return handler.head;
}

async function keepCookies(answer: AnswerHead, url: URL, options: PullOptions): Promise<void> {
  if (!options.cookieJar) return;
  const values = answer.rawHeaders.filter(([name]) => name.toLowerCase() === 'set-cookie').map(([, value]) => value);
  if (values.length > 0) await options.cookieJar.keep(url.href, values);
}

/** Records a redirect about to be followed, after reading (at most a little of) its body. */
async function followed(
  answer: AnswerHead,
  from: URL,
  target: URL,
  followedSoFar: number,
  maxRedirects = DEFAULT_MAX_REDIRECTS,
): Promise<RedirectHop> {
  await drain(answer.body);
  const where = withoutCredentials(target.href);
  if (followedSoFar >= maxRedirects) {
    throw new RequestError(
      'TOO_MANY_REDIRECTS',
      `${withoutCredentials(from.href)} redirected more than ${maxRedirects} times (next to ${where}), perhaps in a loop. Raise the redirect limit, or turn off following redirects to see the answer.`,
    );
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new RequestError(
      'UNSUPPORTED_PROTOCOL',
      `${withoutCredentials(from.href)} redirected to ${where}, which is not an http or https URL.`,
    );
  }
  return { url: withoutCredentials(from.href), status: answer.status, headers: answer.rawHeaders, location: where };
}

async function drain(body: Readable): Promise<void> {
  let seen = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    seen += chunk.length;
    if (seen > REDIRECT_BODY_READ) return; // leaving the loop destroys the body: the connection is closed
  }
}

/** The error a request stops with when it is cancelled or runs out of its total time. */
function stopReason(options: PullOptions, deadline: AbortSignal | undefined, url: URL): RequestError {
  if (options.signal?.aborted) return new RequestError('CANCELLED', 'The request was cancelled.');
  const seconds = (options.totalTimeoutMs ?? 0) / 1000;
  return new RequestError(
    'TIMEOUT',
    `${withoutCredentials(url.href)} did not finish within ${seconds} s. Raise the time limit, or check the server.`,
    deadline?.reason,
  );
}
