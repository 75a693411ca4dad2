import type { FetchLike, FetchLikeResponse } from 'eventsource';
import { PushPullError } from '../errors';

/** A relay sent one event longer than PushPull reads: the stream is cut and connected again. */
export class ChannelEventTooLargeError extends PushPullError {
  constructor(limit: number) {
    super('RELAY_EVENT_TOO_LARGE', `The relay sent an event of more than ${limit} bytes; the stream was cut.`);
  }
}

/** The headers PushPull adds to a channel's request: who asks, and where the last stream stopped. */
export interface ChannelRequestHeaders {
  readonly userAgent: string;
  /** The id of the last event read, sent as `Last-Event-ID` so a relay that keeps events can send the missed ones. */
  readonly lastEventId: () => string | undefined;
}

/**
 * The `fetch` the Server-Sent Events client reads a channel with: Node's own, with PushPull's headers, and a
 * response body that fails once one event (the bytes between two blank lines) grows past `maxEventBytes`, so
 * a relay cannot make PushPull buffer without end before an event is parsed.
 */
export function channelFetch(
  maxEventBytes: number,
  headers: ChannelRequestHeaders,
  base: typeof fetch = fetch,
): FetchLike {
  return async (url, init) => {
    const lastId = headers.lastEventId();
    const response = await base(url, {
      ...init,
      headers: {
        ...init.headers,
        'User-Agent': headers.userAgent,
        ...(lastId !== undefined ? { 'Last-Event-ID': lastId } : {}),
      },
    } as RequestInit);
    const bounded: FetchLikeResponse = {
      url: response.url,
      status: response.status,
      redirected: response.redirected,
      headers: response.headers,
      body: response.body ? response.body.pipeThrough(eventSizeLimit(maxEventBytes)) : null,
    };
    return bounded;
  };
}

/** Passes bytes on while no event is longer than `limit`: counts from the last blank line (LF LF or CR LF CR LF). */
export function eventSizeLimit(limit: number): TransformStream<Uint8Array, Uint8Array> {
  let pending = 0;
  /** The last bytes seen, enough to find a blank line that spans two chunks. */
  let tail = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i] as number;
        tail = ((tail << 8) | byte) >>> 0;
        pending++;
        // "\n\n", "\r\r" or "\r\n\r\n" ends an event.
        if ((tail & 0xffff) === 0x0a0a || (tail & 0xffff) === 0x0d0d || tail === 0x0d0a0d0a) pending = 0;
      }
      if (pending > limit) {
        controller.error(new ChannelEventTooLargeError(limit));
        return;
      }
      controller.enqueue(chunk);
    },
  });
}
