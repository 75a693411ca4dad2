import * as fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { SentBody } from '../model/pulled';
import { urlAuthorization } from './credentials';
import { RequestError } from './errors';
import type { PullOptions } from './options';
import type { Hop } from './redirects';

/** Headers the client makes from the body and the connection itself; a request that sets them is refused. */
const CLIENT_HEADERS: Readonly<Record<string, string>> = {
  'transfer-encoding': 'PushPull sends the body with a Content-Length, or chunked when it has none',
  'keep-alive': 'PushPull keeps connections alive itself',
  upgrade: 'PushPull does not switch protocols',
  expect: 'PushPull sends the body at once, without waiting for 100 Continue',
};

export interface HopWire {
  readonly headers: string[];
  readonly body: Uint8Array | Readable | undefined;
}

/**
 * The header pairs and body that go out for one hop: the request's own headers in their order, then what
 * PushPull adds only when the request has none of it (User-Agent, Accept-Encoding, Content-Length of a file
 * body), the jar's cookies (after the request's own Cookie), and Basic auth for `user:password@` in the URL.
 */
export async function wireOf(hop: Hop, options: PullOptions): Promise<HopWire> {
  const headers: Array<[string, string]> = [];
  for (const [name, value] of hop.headers) {
    const lower = name.toLowerCase();
    const why = Object.hasOwn(CLIENT_HEADERS, lower) ? CLIENT_HEADERS[lower] : undefined;
    if (why !== undefined) throw new RequestError('INVALID_HEADER', `Remove the ${name} header: ${why}.`);
    if (lower === 'connection' && !/^(close|keep-alive)$/i.test(value.trim())) {
      throw new RequestError('INVALID_HEADER', `Connection may only be "close" or "keep-alive", not "${value}".`);
    }
    headers.push([name, value]);
  }
  const has = (name: string): boolean => headers.some(([n]) => n.toLowerCase() === name);
  if (options.userAgent !== undefined && options.userAgent !== '' && !has('user-agent')) {
    headers.push(['User-Agent', options.userAgent]);
  }
  if (options.acceptEncoding !== undefined && options.acceptEncoding !== '' && !has('accept-encoding')) {
    headers.push(['Accept-Encoding', options.acceptEncoding]);
  }
  const cookies = await options.cookieJar?.cookieHeader(hop.url.href);
  if (cookies !== undefined) {
    const own = headers.findIndex(([n]) => n.toLowerCase() === 'cookie');
    const existing = headers[own];
    if (existing) headers[own] = [existing[0], `${existing[1]}; ${cookies}`];
    else headers.push(['Cookie', cookies]);
  }
  const auth = urlAuthorization(hop.url, headers);
  if (auth !== undefined) headers.push(['Authorization', auth]);
  const body = await bodyOf(hop.body, has('content-length') ? undefined : headers);
  return { headers: headers.flat(), body };
}

async function bodyOf(body: SentBody, headers: Array<[string, string]> | undefined): Promise<HopWire['body']> {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'bytes':
      return body.bytes;
    case 'file': {
      let size: number;
      try {
        size = (await fs.promises.stat(body.path)).size;
      } catch (error) {
        throw new RequestError(
          'REQUEST_FAILED',
          `The body file ${body.path} could not be read; choose it again.`,
          error,
        );
      }
      headers?.push(['Content-Length', String(size)]);
      return fs.createReadStream(body.path);
    }
  }
}
