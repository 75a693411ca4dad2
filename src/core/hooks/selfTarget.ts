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

/** The addresses of this machine's network interfaces. */
function machineAddresses(): Set<string> {
  const addresses = new Set<string>();
  for (const list of Object.values(os.networkInterfaces())) {
    for (const entry of list ?? []) addresses.add(entry.address.toLowerCase());
  }
  return addresses;
}
