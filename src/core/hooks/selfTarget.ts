import { isIP } from 'node:net';
import * as os from 'node:os';
import { isLoopback } from './loopback';

const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * Whether a forward target is the listener itself: the same port, and the listener's own host, `localhost`
 * when it listens on a loopback address, or any loopback or machine address when it listens on all of them.
 * Forwarding there would receive the hook again, forever.
 */
export function pointsAt(target: string, listening: { readonly host: string; readonly port: number }): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  if (port !== listening.port) return false;
  const host = url.hostname.toLowerCase();
  const own = listening.host.toLowerCase();
  if (host === own || host === `[${own}]`) return true;
  if (ANY_ADDRESS.has(own)) {
    return isLoopback(host) || ANY_ADDRESS.has(host) || machineAddresses().has(host.replace(/^\[|\]$/g, ''));
  }
  // `localhost` reaches a listener on a loopback address; another loopback address (127.0.0.2, ::1) is another socket.
  return isLoopback(own) && /^localhost\.?$/.test(host);
}

/**
 * Whether a socket connected to `address`:`port` (as it reports them) reached a server listening at `bound`
 * (as `server.address()` reports it): the same port, and the same address, or, when the server listens on
 * all addresses, any address of this machine (an IPv4 one only for `0.0.0.0`).
 */
export function reachesListening(
  bound: { readonly address: string; readonly port: number },
  address: string,
  port: number,
): boolean {
  if (port !== bound.port) return false;
  const own = unmapped(bound.address);
  const peer = unmapped(address);
  if (own === '0.0.0.0') return isIP(peer) === 4 && (isLoopback(peer) || peer === own || machineAddresses().has(peer));
  if (own === '::') return isLoopback(peer) || ANY_ADDRESS.has(peer) || machineAddresses().has(peer);
  return peer === own;
}

/** An address as it is compared: lower case, without its zone (`%eth0`), `::ffff:127.0.0.1` as `127.0.0.1`. */
function unmapped(address: string): string {
  const bare = address.toLowerCase().replace(/%.*$/, '');
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/.test(bare) ? bare.slice('::ffff:'.length) : bare;
}

/** The addresses of this machine's network interfaces. */
function machineAddresses(): Set<string> {
  const addresses = new Set<string>();
  for (const list of Object.values(os.networkInterfaces())) {
    for (const entry of list ?? []) addresses.add(entry.address.toLowerCase());
  }
  return addresses;
}
