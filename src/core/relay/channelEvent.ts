import * as crypto from 'node:crypto';
import type { RelayedRequest } from '../hooks/relayed';
import { withoutCredentials } from '../http/credentials';
import { jsonDepth, MAX_JSON_DEPTH } from '../json/depth';
import { headerValue } from '../model/headers';

/** Where a channel's events go: the channel (shown and stored without credentials) and the listener's path. */
export interface ChannelPlace {
  /** The channel URL as given (it may carry credentials for a self-hosted relay). */
  readonly url: string;
  /** The path relayed hooks arrive at on the listener's side: a route's prefix, or `/`. */
  readonly path: string;
}

/** What one Server-Sent Event of a smee-compatible channel is. */
export type ChannelMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'ping' }
  | { readonly kind: 'hook'; readonly request: RelayedRequest }
  | { readonly kind: 'ignored'; readonly why: string };

/** Keys of a smee event that are not headers of the relayed request. */
const NOT_HEADERS = new Set(['body', 'bodyB', 'query', 'timestamp']);
/** Most headers kept of one relayed request (a provider sends a few dozen). */
const MAX_HEADERS = 1000;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Headers that name one delivery of a provider (a provider's own redelivery comes with a new relay timestamp). */
const DELIVERY_HEADERS = ['x-github-delivery', 'x-gitlab-event-uuid', 'webhook-id', 'svix-id', 'x-shopify-webhook-id'];

/**
 * Reads one event of a smee.io or gosmee channel. smee.io sends `ready` and `ping` events and, as messages,
 * JSON objects whose keys are the request's headers beside `body` (the body parsed), `query` and `timestamp`;
 * gosmee sends `ready` as a message's data and the raw body base64-encoded as `bodyB`. Everything in an event
 * is the sender's: only strings are taken as header values, only valid header names are kept, and a body
 * nested deeper than PushPull reads JSON is refused.
 */
export function readChannelEvent(type: string, data: string, place: ChannelPlace): ChannelMessage {
  if (type === 'ready' || data === 'ready') return { kind: 'ready' };
  if (type === 'ping') return { kind: 'ping' };
  if (type !== 'message') return { kind: 'ignored', why: `an event of type "${type.slice(0, 40)}"` };
  if (jsonDepth(data, MAX_JSON_DEPTH + 2) > MAX_JSON_DEPTH + 1) {
    return { kind: 'ignored', why: `a payload nested deeper than ${MAX_JSON_DEPTH} levels` };
  }
  let event: unknown;
  try {
    event = JSON.parse(data);
  } catch {
    return { kind: 'ignored', why: 'a message that is not JSON' };
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return { kind: 'ignored', why: 'a message that is not a JSON object' };
  }
  const fields = event as Record<string, unknown>;
  const body = bodyOf(fields);
  if (body === undefined) return { kind: 'ignored', why: 'a message whose bodyB is not base64' };
  const headers = headersOf(fields);
  const query = queryString(fields.query);
  const channel = withoutCredentials(place.url);
  const called = URL.canParse(channel) ? new URL(channel) : undefined;
  if (called) called.search = query;
  const timestamp =
    typeof fields.timestamp === 'number' || typeof fields.timestamp === 'string' ? fields.timestamp : '';
  const delivery = DELIVERY_HEADERS.map((name) => headerValue({ headers }, name)).find((v) => v !== undefined);
  const digest = crypto.createHash('sha256').update(body.bytes).digest('hex').slice(0, 32);
  return {
    kind: 'hook',
    request: {
      method: 'POST',
      url: `${place.path}${query ? `?${query}` : ''}`,
      fullUrl: called?.toString() ?? channel,
      headers,
      body: body.bytes,
      relay: {
        channel,
        key: `${String(timestamp).slice(0, 40)}|${(delivery ?? '').slice(0, 100)}|${digest}`,
        rawBody: body.raw,
      },
      relayHost: called?.host ?? '',
    },
  };
}

/** The body as the relay passed it: gosmee's exact bytes, or smee.io's parsed body written as smee-client does. */
function bodyOf(fields: Record<string, unknown>): { bytes: Uint8Array; raw: boolean } | undefined {
  const encoded = fields.bodyB;
  if (typeof encoded === 'string') {
    const compact = encoded.replace(/\s+/g, '');
    if (compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
    return { bytes: Buffer.from(compact, 'base64'), raw: true };
  }
  if (!Object.hasOwn(fields, 'body') || fields.body === undefined) return { bytes: new Uint8Array(0), raw: true };
  return { bytes: Buffer.from(JSON.stringify(fields.body) ?? '', 'utf8'), raw: false };
}

/** The header pairs of an event: every other key with a string value (or a list of them), in the event's order. */
function headersOf(fields: Record<string, unknown>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(fields)) {
    if (NOT_HEADERS.has(name) || !TOKEN.test(name)) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const one of values) {
      if (pairs.length >= MAX_HEADERS) return pairs;
      if (typeof one === 'string' && !/[\r\n\0]/.test(one)) pairs.push([name, one]);
    }
  }
  return pairs;
}

/** The query an event names (`{ name: value | [values] }`) as a query string, in its order. */
function queryString(query: unknown): string {
  if (typeof query !== 'object' || query === null || Array.isArray(query)) return '';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query as Record<string, unknown>)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (typeof one === 'string') parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(one)}`);
    }
  }
  return parts.join('&');
}
