import * as crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HookMeta, HookVerdict } from '../model/hook';
import type { SignedParts } from './signing';
import { pairHeaders } from '../model/headers';
import { inspectBody } from './inspect';
import type { Arrival } from '../model/arrival';
import { queryOf } from '../model/url';
import type { BodyDigest } from './bodyHasher';
import { ArrivingRequest } from './arrivingRequest';

/** Bodies up to this size are checked for JSON validity and event type while they are received. */
export const INLINE_INSPECT_BYTES = 16 * 1024;

export interface CaptureContext {
  /** `requestTarget(req.url)`, worked out once per request by the listener (it routes on it). */
  readonly target: RequestTarget;
  readonly id: string;
  readonly receivedAt: number;
  readonly bodyMs: number;
  readonly listenerHost: string;
  readonly route: string | undefined;
  readonly answerStatus: number;
  /** The body's sha256 and CRC-32 when they were worked out already (`BodyHasher`). */
  readonly digest?: Pick<BodyDigest, 'sha256' | 'crc32'> | undefined;
  /** The signature verdict, from what was received. */
  readonly verdictOf: (parts: SignedParts) => HookVerdict;
}

/**
 * The request target as path and query. A sender may use the absolute form (`POST http://host/p?q HTTP/1.1`,
 * as sent to proxies): its path and query are what routes match and forwards send, and it is the full URL.
 */
export interface RequestTarget {
  readonly url: string;
  readonly path: string;
  readonly absolute?: string;
}

export function requestTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? '/';
  let url = target;
  let absolute: string | undefined;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(target);
  if (scheme) {
    const slash = target.indexOf('/', scheme[0].length);
    const query = target.indexOf('?', scheme[0].length);
    const start = slash >= 0 && (query < 0 || slash < query) ? slash : query;
    url = start < 0 ? '/' : target[start] === '?' ? `/${target.slice(start)}` : target.slice(start);
    absolute = target;
  }
  const q = url.indexOf('?');
  return { url, path: q < 0 ? url : url.slice(0, q), ...(absolute ? { absolute } : {}) };
}

/**
 * Builds the arrival (the hook's metadata, its body's chunks, their CRC-32 if known) from the request head and
 * the body's chunks, which are joined only if the signature check or inspection needs the body whole. The store
 * writes the chunks as they are: joining a large body into one buffer costs more than storing it.
 */
export function buildArrival(req: IncomingMessage, parts: readonly Uint8Array[], context: CaptureContext): Arrival {
  let size = 0;
  for (const part of parts) size += part.length;
  const { url, path, absolute } = context.target;
  const headers = pairHeaders(req.rawHeaders);
  const host = req.headers.host ?? context.listenerHost;
  const contentType = req.headers['content-type'];
  // Parsing a large JSON body costs more than storing it; such bodies are inspected when first shown.
  const method = req.method ?? 'GET';
  // `OPTIONS *` (asterisk form) targets the server itself: its URL has an empty path (RFC 9112, 3.3).
  const fullUrl = absolute ?? (url === '*' ? `http://${host}` : `http://${host}${url}`);
  const arriving = new ArrivingRequest(method, url, fullUrl, headers, parts);
  const insight = size <= INLINE_INSPECT_BYTES ? inspectBody(headers, arriving.body, contentType) : undefined;
  const verdict = context.verdictOf(arriving);
  const joined = arriving.joined;
  const meta: HookMeta = {
    id: context.id,
    receivedAt: context.receivedAt,
    method,
    url,
    fullUrl,
    path,
    query: queryOf(url),
    headers,
    httpVersion: req.httpVersion,
    remoteAddress: req.socket.remoteAddress ?? '',
    remotePort: req.socket.remotePort ?? 0,
    contentType,
    bodySize: size,
    bodySha256: context.digest?.sha256 ?? sha256Hex(parts),
    bodyMs: context.bodyMs,
    flags: insight?.flags ?? [],
    event: insight?.event,
    ...(insight ? {} : { uninspected: true as const }),
    route: context.route,
    answerStatus: context.answerStatus,
    verdict,
  };
  // One part when the body is at hand in one piece (most hooks, or read whole by the checks); else its chunks.
  return { meta, parts: joined ? [joined] : parts, digest: context.digest && { crc32: context.digest.crc32 } };
}

type OneShotHash = (algorithm: string, data: Uint8Array, encoding: 'hex') => string;
const oneShot = (crypto as { hash?: OneShotHash }).hash;

/** Lowercase hex sha256 of the chunks in order; the one-shot `crypto.hash` (Node ≥ 20.12) serves one chunk. */
export function sha256Hex(parts: readonly Uint8Array[]): string {
  const first = parts[0];
  if (parts.length === 1 && first && oneShot) return oneShot('sha256', first, 'hex');
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}
