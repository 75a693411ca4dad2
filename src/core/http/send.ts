import { Client, type Dispatcher, buildConnector, request } from 'undici';
import { pairHeaders } from '../model/headers';
import { urlAuthorization } from './credentials';
import { RequestError, toRequestError } from './errors';
import { parseRequestUrl } from './url';
import type { HttpRequest, HttpResponse } from '../model/exchange';

export { parseRequestUrl };

export interface SendOptions {
  /** Most ms to wait for the response head, and between two chunks of its body. */
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  /** Most ms for the whole exchange, if set: a body that keeps trickling in is given up after this. */
  readonly totalTimeoutMs?: number;
  /** Aborting it cancels the request (`CANCELLED`). */
  readonly signal?: AbortSignal;
}

export const defaultSendOptions: SendOptions = {
  timeoutMs: 30_000,
  maxBodyBytes: 50 * 1024 * 1024,
};

/** Sends one request with undici and reads the answer, keeping at most `maxBodyBytes`. */
export async function sendRequest(req: HttpRequest, options: SendOptions = defaultSendOptions): Promise<HttpResponse> {
  const url = parseRequestUrl(req.url);
  const headers = withUrlCredentials(url, req.headers);
  const started = performance.now();
  const total = options.totalTimeoutMs;
  const deadline = total === undefined ? undefined : AbortSignal.timeout(total);
  const signals = [options.signal, deadline].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  try {
    options.signal?.throwIfAborted();
    const response = await request(url, {
      method: req.method.toUpperCase() as 'GET',
      headers: headers.flatMap(([name, value]) => [name, value]),
      body: req.body === undefined || req.body === '' ? undefined : req.body,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      // Names and values as they came, in their order; repeated headers stay apart.
      responseHeaders: 'raw',
      signal,
    });
    return await readAnswer(response, options.maxBodyBytes, started);
  } catch (error) {
    if (options.signal?.aborted) throw new RequestError('CANCELLED', 'The request was cancelled.', error);
    if (deadline?.aborted) {
      throw new RequestError('TIMEOUT', `${url.toString()} did not finish within ${(total ?? 0) / 1000} s.`, error);
    }
    throw toRequestError(error, url.toString());
  }
}

/**
 * A request sent exactly as given, as forwards and replays send a hook again: its path and query are not parsed
 * again (no dot segments resolved, nothing re-escaped), its headers go in their order (`Host` and
 * `Content-Length` included when given), its body is bytes.
 */
export interface ExactRequest {
  readonly method: string;
  /** Scheme, host and port; its `user:password@` is sent as Basic auth unless the headers bring their own. */
  readonly origin: URL;
  /** The request target: path and query, starting with `/`. */
  readonly path: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Uint8Array;
}

export interface ExactSendOptions extends SendOptions {
  /**
   * Called once the connection is made, with the address and port the socket reached, before anything of the
   * request is written: an error it returns ends the request with that error (as the `cause` of a RequestError).
   */
  readonly onConnect?: (address: string, port: number) => Error | undefined;
}

/**
 * Sends `req` on a connection of its own, closed once the answer is read; connecting, too, waits at most
 * `timeoutMs`. Keeps at most `maxBodyBytes` of the answer.
 */
export async function sendExact(req: ExactRequest, options: ExactSendOptions): Promise<HttpResponse> {
  const url = new URL(req.origin.href);
  // undici sends no `Expect` over HTTP/1.1: the body goes at once, as Node's client sent it, without the header.
  const headers = withUrlCredentials(
    url,
    req.headers.filter(([name]) => name.toLowerCase() !== 'expect'),
  );
  const client = new Client(url.origin, { connect: checkedConnector(options) });
  const started = performance.now();
  try {
    options.signal?.throwIfAborted();
    const response = await client.request({
      path: req.path,
      method: req.method.toUpperCase() as 'GET',
      headers: headers.flatMap(([name, value]) => [name, value]),
      body: req.body,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      responseHeaders: 'raw',
      signal: options.signal,
    });
    return await readAnswer(response, options.maxBodyBytes, started);
  } catch (error) {
    if (options.signal?.aborted) throw new RequestError('CANCELLED', 'The request was cancelled.', error);
    throw toRequestError(error, `${url.origin}${req.path}`);
  } finally {
    await client.destroy();
  }
}

/** Connects within `timeoutMs`, then lets `onConnect` refuse the connection before anything is written. */
function checkedConnector({ timeoutMs, onConnect }: ExactSendOptions): buildConnector.connector {
  const connect = buildConnector({ timeout: timeoutMs });
  if (!onConnect) return connect;
  return (options, callback) =>
    connect(options, (...args) => {
      const [error, socket] = args;
      if (error !== null) return callback(error, null);
      const refused = onConnect(socket.remoteAddress ?? '', socket.remotePort ?? 0);
      if (refused === undefined) return callback(null, socket);
      socket.destroy();
      callback(refused, null);
    });
}

/** Reads the status, raw headers and at most `maxBodyBytes` of the body (the rest is not read). */
async function readAnswer(
  response: Dispatcher.ResponseData,
  maxBodyBytes: number,
  started: number,
): Promise<HttpResponse> {
  const firstByte = performance.now() - started;
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    if (size + chunk.length > maxBodyBytes) {
      chunks.push(chunk.subarray(0, maxBodyBytes - size));
      size = maxBodyBytes;
      truncated = true;
      response.body.destroy();
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return {
    status: response.statusCode,
    headers: pairHeaders(response.headers as unknown as string[]),
    body: Buffer.concat(chunks, size),
    truncated,
    timings: { firstByte, total: performance.now() - started },
  };
}

/**
 * A URL's `user:password@` is taken off the URL and sent as Basic auth, as curl and browsers do, unless the
 * request has its own Authorization header; undici would otherwise drop it without a word.
 */
function withUrlCredentials(url: URL, headers: HttpRequest['headers']): HttpRequest['headers'] {
  const auth = urlAuthorization(url, headers);
  url.username = '';
  url.password = '';
  return auth === undefined ? headers : [...headers, ['Authorization', auth]];
}
