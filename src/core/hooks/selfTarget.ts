import * as os from 'node:os';
import { isLoopback } from './loopback';

const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * Whether a forward target is the listener itself (same port, and a loopback name, the listener's own host, or
 * one of this machine's addresses when it listens on all of them): forwarding there would receive the hook
 * again, forever.
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
  if (isLoopback(host) || ANY_ADDRESS.has(host) || host === own || host === `[${own}]`) return true;
  return ANY_ADDRESS.has(own) && machineAddresses().has(host.replace(/^\[|\]$/g, ''));
}

/** The addresses of this machine's network interfaces. */
function machineAddresses(): Set<string> {
  const addresses = new Set<string>();
  for (const list of Object.values(os.networkInterfaces())) {
    for (const entry of list ?? []) addresses.add(entry.address.toLowerCase());
  }
  return addresses;
}
