import type { Exchange } from './exchange';
import type { HeaderPairs } from './headers';
import type { HookMeta } from './hook';

/**
 * Where a message's body is: its bytes, or a stored hook's body, read from the store when it is needed
 * (a hook's body is not kept in memory).
 */
export type MessageBody =
  | {
      readonly kind: 'bytes';
      readonly bytes: Uint8Array;
      /** The bytes are the start of a longer body, cut at the size limit. */
      readonly truncated?: true;
    }
  | {
      readonly kind: 'storedHook';
      /** The hook whose body it is (`HookStore.readBody(hookId)`). */
      readonly hookId: string;
      readonly size: number;
      /** Lowercase hex sha256 of the bytes. */
      readonly sha256: string;
    };

/**
 * One HTTP message, request or response, in the one shape that compare and the timeline read, whether a
 * webhook came in (push) or a request was sent and answered (pull).
 */
export interface Message {
  /** The request's method; on a response, the method of the request it answers. */
  readonly method: string;
  /** The absolute URL the request was made to; on a response, that of the request it answers. */
  readonly url: string;
  /** As sent: names as written, in order, duplicates kept. */
  readonly headers: HeaderPairs;
  readonly body: MessageBody;
  /** The response status; absent on requests. */
  readonly status?: number;
  /** When the message was whole (ms since the epoch): a hook's last body byte, a request's sending, a response's last byte. */
  readonly time: number;
}

/**
 * A received webhook as a request message: its body is `bytes` when given (a captured hook, a body read
 * already), else a reference to the stored body.
 */
export function messageOfHook(hook: HookMeta, body?: Uint8Array): Message {
  return {
    method: hook.method,
    url: hook.fullUrl,
    headers: hook.headers,
    body:
      body === undefined
        ? { kind: 'storedHook', hookId: hook.id, size: hook.bodySize, sha256: hook.bodySha256 }
        : { kind: 'bytes', bytes: body },
    time: hook.receivedAt,
  };
}

/**
 * A sent request and its response as two messages, as they went on the wire: the method upper-cased and the
 * request's text body as UTF-8 bytes, as the sender sends them.
 */
export function messagesOfExchange(exchange: Exchange): { readonly request: Message; readonly response: Message } {
  const { request, response } = exchange;
  return {
    request: {
      method: request.method.toUpperCase(),
      url: request.url,
      headers: request.headers,
      body: { kind: 'bytes', bytes: new TextEncoder().encode(request.body ?? '') },
      time: exchange.startedAt,
    },
    response: {
      method: request.method.toUpperCase(),
      url: request.url,
      headers: response.headers,
      body: { kind: 'bytes', bytes: response.body, ...(response.truncated ? { truncated: true as const } : {}) },
      status: response.status,
      time: exchange.startedAt + Math.round(response.timings.total),
    },
  };
}
