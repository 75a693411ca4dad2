/**
 * Headers that belong to one connection, or that whoever sends a request again computes for its own: a
 * forward, a replay, Copy as cURL and Copy as .http drop them from the headers a hook came with, all alike.
 * `Host` and `Content-Length` are set anew for the target and the body sent; the others (RFC 9110 §7.6.1, and
 * `Proxy-Connection`, which clients still send) describe the connection the hook came on.
 */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
]);

/** Whether a header of this name (any case) is one that is not sent again. */
export function isHopByHop(name: string): boolean {
  return HOP_BY_HOP_HEADERS.has(name.toLowerCase());
}

/** The headers that are sent again, in their order, repeated ones apart. */
export function endToEndHeaders(headers: ReadonlyArray<readonly [string, string]>): Array<readonly [string, string]> {
  return headers.filter(([name]) => !isHopByHop(name));
}
