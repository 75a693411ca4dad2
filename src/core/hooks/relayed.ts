import type { Clock } from '../clock';
import { PushPullError } from '../errors';
import type { Arrival } from '../model/arrival';
import { type HeaderPairs, headerValue } from '../model/headers';
import type { HookMeta, HookVerdict, RelayMark } from '../model/hook';
import { queryOf } from '../model/url';
import { INLINE_INSPECT_BYTES, sha256Hex } from './build';
import { inspectBody } from './inspect';
import { matchRoute, type Route } from './routes';
import { type SecretLookup, verdictFor } from './signing';

/**
 * A request a relay channel delivered (smee.io, gosmee): what the provider sent the channel, as the relay
 * passed it on. It goes through the listener's pipeline (verdict, store, event, forward) like one received on
 * the listener's own port, at the path its connection names (a route's prefix, or `/`).
 */
export interface RelayedRequest {
  readonly method: string;
  /** Path and query on the listener's side, e.g. `/github?installation=1`. */
  readonly url: string;
  /** The URL the provider called: the channel's, with the query it was called with. */
  readonly fullUrl: string;
  readonly headers: HeaderPairs;
  readonly body: Uint8Array;
  readonly relay: RelayMark;
  /** The relay channel's host, shown where a received hook shows its sender's address. */
  readonly relayHost: string;
}

/** What the listener knows when a relayed request comes. */
export interface RelayedContext {
  readonly id: string;
  readonly receivedAt: number;
  readonly routes: readonly Route[];
  readonly secretFor: SecretLookup;
  readonly clock: Clock;
  readonly maxBodyBytes: number;
}

export class RelayedError extends PushPullError {}

/** The message of the verdict of a relayed body PushPull had to write again (smee.io parses the JSON it relays). */
export const RESERIALISED =
  'The relay passed this body on as parsed JSON and PushPull wrote it again (as smee-client does), so its bytes are ' +
  'not the ones the provider signed and no signature can match. Use a relay that passes the raw body (gosmee) or ' +
  'a public address of the listener itself (port forwarding, ngrok) to check signatures.';

/** The arrival of a relayed request and the route it matched; throws (RELAY_BODY_TOO_LARGE) over the body limit. */
export function relayedArrival(request: RelayedRequest, context: RelayedContext): { arrival: Arrival; route?: Route } {
  const { body, headers, url } = request;
  if (body.length > context.maxBodyBytes) {
    throw new RelayedError(
      'RELAY_BODY_TOO_LARGE',
      `A relayed body of ${body.length} bytes is over pushpull.listener.maxBodyBytes (${context.maxBodyBytes}).`,
    );
  }
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const route = matchRoute(context.routes, path);
  const contentType = headerValue(request, 'content-type');
  const insight = body.length <= INLINE_INSPECT_BYTES ? inspectBody(headers, body, contentType) : undefined;
  const signed = { method: request.method, url, fullUrl: request.fullUrl, headers, body };
  const verdict = relayedVerdict(verdictFor(signed, route, context.secretFor, context.clock), request.relay);
  const meta: HookMeta = {
    id: context.id,
    receivedAt: context.receivedAt,
    method: request.method,
    url,
    fullUrl: request.fullUrl,
    path,
    query: queryOf(url),
    headers,
    httpVersion: '1.1',
    remoteAddress: request.relayHost,
    remotePort: 0,
    contentType,
    bodySize: body.length,
    bodySha256: sha256Hex([body]),
    bodyMs: 0,
    flags: insight?.flags ?? [],
    event: insight?.event,
    ...(insight ? {} : { uninspected: true as const }),
    route: route?.name,
    // The relay answered the provider; this is what the listener answers on its own port.
    answerStatus: route?.response?.status ?? 200,
    verdict,
    relay: request.relay,
  };
  return { arrival: { meta, parts: body.length > 0 ? [body] : [] }, ...(route ? { route } : {}) };
}

/**
 * A signed body the relay re-serialised cannot verify: a verdict other than valid says why (a mismatch becomes
 * `body-mismatch`; other reasons, such as no secret set, say it too). A valid one stays: the bytes happened to
 * be written again exactly as the provider wrote them.
 */
export function relayedVerdict(verdict: HookVerdict, relay: RelayMark): HookVerdict {
  if (relay.rawBody || !verdict.provider || verdict.status === 'valid') return verdict;
  const reason = verdict.reason;
  if (!reason) return verdict;
  if (reason.code === 'signature-mismatch' || reason.code === 'body-mismatch') {
    return { ...verdict, reason: { code: 'body-mismatch' as const, message: RESERIALISED } };
  }
  return { ...verdict, reason: { ...reason, message: `${reason.message} ${RESERIALISED}` } };
}
