import { request } from 'undici';
import { RequestError, toRequestError } from './errors';
import type { HttpRequest, HttpResponse } from './model';

export interface SendOptions {
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly signal?: AbortSignal;
}

export const defaultSendOptions: SendOptions = { timeoutMs: 30_000, maxBodyBytes: 50 * 1024 * 1024 };

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
  const started = performance.now();
  try {
    const response = await request(url, {
      method: req.method.toUpperCase() as 'GET',
      headers: req.headers.flatMap(([name, value]) => [name, value]),
      body: req.body === undefined || req.body === '' ? undefined : req.body,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: options.signal,
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
      headers: headerPairs(response.headers),
      body: Buffer.concat(chunks, size),
      truncated,
      timings: { firstByte, total: performance.now() - started },
    };
  } catch (error) {
    throw toRequestError(error, url.toString());
  }
}

function headerPairs(headers: Record<string, string | string[] | undefined>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const v of value) pairs.push([name, v]);
    else if (value !== undefined) pairs.push([name, value]);
  }
  return pairs;
}
