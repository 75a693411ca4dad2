import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { headerValue } from '../model/headers';
import { bodySize, type BodyRef, type OutgoingRequest, type PulledResponse } from '../model/pulled';
import type { WatchRequest, WatchState } from './watchTypes';

const NO_BODY: BodyRef = { kind: 'memory', bytes: new Uint8Array(0) };

/** The request of one poll: the watch's request, with If-None-Match / If-Modified-Since when the server gave validators. */
export function pollRequest(request: WatchRequest, state: WatchState): OutgoingRequest {
  const headers: Array<readonly [string, string]> = [...request.headers];
  const has = (name: string): boolean => headers.some(([n]) => n.toLowerCase() === name);
  if (state.etag !== undefined && !has('if-none-match')) headers.push(['If-None-Match', state.etag]);
  if (state.lastModified !== undefined && !has('if-modified-since')) {
    headers.push(['If-Modified-Since', state.lastModified]);
  }
  const body = request.body === undefined ? { kind: 'none' as const } : bytesBody(request.body);
  return { method: request.method, url: request.url, headers, body };
}

function bytesBody(text: string): { kind: 'bytes'; bytes: Uint8Array } {
  return { kind: 'bytes', bytes: Buffer.from(text, 'utf8') };
}

/** What one answered poll comes to. */
export interface PollVerdict {
  /** False for a 304 and for a body whose hash is the previous change's. */
  readonly changed: boolean;
  /** sha256 of the decoded body (the previous one for a 304). */
  readonly sha256: string;
  /** Body bytes over the wire. */
  readonly bytes: number;
  /** The validators to send next time. */
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
}

/** Judges an answer against the last change: 304, or the same body hash, is no change. */
export async function judgePoll(response: PulledResponse, state: WatchState): Promise<PollVerdict> {
  const previous = state.changes[state.changes.length - 1]?.sha256;
  const bytes = bodySize(response.raw);
  if (response.status === 304 && previous !== undefined) {
    return { changed: false, sha256: previous, bytes, etag: state.etag, lastModified: state.lastModified };
  }
  const sha256 = await hashBody(response.decoded);
  return {
    changed: sha256 !== previous,
    sha256,
    bytes,
    etag: validator(headerValue(response, 'etag')),
    lastModified: validator(headerValue(response, 'last-modified')),
  };
}

/** A validator worth sending back: printable and short (a server's header is not trusted for size). */
function validator(value: string | undefined): string | undefined {
  if (value === undefined || value.length === 0 || value.length > 512) return undefined;
  return /^[\x20-\x7e]+$/.test(value) ? value : undefined;
}

/**
 * The response as the history keeps it for an unchanged poll: status, headers and timings, no body (the change
 * log names the exchange that holds it). The caller removes the files the sender spilled the body to.
 */
export function withoutBody(response: PulledResponse): PulledResponse {
  return { ...response, raw: NO_BODY, decoded: NO_BODY };
}

export async function hashBody(body: BodyRef): Promise<string> {
  const hash = createHash('sha256');
  if (body.kind === 'memory') return hash.update(body.bytes).digest('hex');
  for await (const chunk of createReadStream(body.path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
