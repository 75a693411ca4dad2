import { randomUUID } from 'node:crypto';
import type * as http from 'node:http';
import { headerValues } from '../model/headers';

/**
 * A listener adds this header, with its own random value, to each request it forwards, after those the request
 * already had. A request that comes back carrying its value (through a tunnel or proxy it cannot see, or
 * another PushPull forwarding to it) is refused: stored, it would be forwarded again, forever.
 */
export const FORWARDED_BY = 'X-PushPull-Forwarded';

/** A listener's value of `FORWARDED_BY`, made once per listener. */
export function newLoopMarker(): string {
  return randomUUID();
}

/** The markers in header values (repeated, or joined with commas by a proxy). */
export function markersIn(values: string | readonly string[] | undefined): string[] {
  const list = typeof values === 'string' ? [values] : (values ?? []);
  return list.flatMap((value) => value.split(',').map((part) => part.trim())).filter((part) => part !== '');
}

/** The markers in a hook's headers (name and value pairs, as received). */
export function markersCarried(headers: ReadonlyArray<readonly [string, string]>): string[] {
  return markersIn(headerValues({ headers }, FORWARDED_BY));
}

/** Whether `req` came back to the listener whose marker is `marker`. */
export function cameBack(req: http.IncomingMessage, marker: string): boolean {
  return markersIn(req.headersDistinct[FORWARDED_BY.toLowerCase()]).includes(marker);
}

/**
 * 508 to a request that came back to the listener that forwarded it; it is not stored. The answer names the
 * listener's marker: the forward that sent it, which carried that marker, records a loop.
 */
export function refuseLoop(res: http.ServerResponse, marker: string): void {
  res.writeHead(508, { 'content-type': 'application/json', [FORWARDED_BY]: marker });
  res.end(JSON.stringify({ error: 'forward_loop' }));
}
