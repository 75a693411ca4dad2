import { request } from 'undici';
import { pairHeaders } from '../model/headers';
import { urlAuthorization } from './credentials';
import { RequestError, toRequestError } from './errors';
import type { HttpRequest, HttpResponse } from '../model/exchange';

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

/** Checks a URL before sending; only http and https are sent. */
export function parseRequestUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch (error) {
    throw new RequestError('INVALID_URL', `"${raw}" is not a valid URL.`, error);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RequestError('UNSUPPORTED_PROTOCOL', `Only http and https URLs can be sent, not ${url.protocol}`);
  }
  return url;
}

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
    const firstByte = performance.now() - started;
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      if (size + chunk.length > options.maxBodyBytes) {
        chunks.push(chunk.subarray(0, options.maxBodyBytes - size));
        size = options.maxBodyBytes;
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
  } catch (error) {
    if (options.signal?.aborted) throw new RequestError('CANCELLED', 'The request was cancelled.', error);
    if (deadline?.aborted) {
      throw new RequestError('TIMEOUT', `${url.toString()} did not finish within ${(total ?? 0) / 1000} s.`, error);
    }
    throw toRequestError(error, url.toString());
  }
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
