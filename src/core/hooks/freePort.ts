import * as net from 'node:net';

/** True when `port` can be bound on `host` right now. */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** The first free port after `port` (up to `tries` of them), or undefined. */
export async function nextFreePort(host: string, port: number, tries = 20): Promise<number | undefined> {
  for (let candidate = port + 1; candidate <= Math.min(port + tries, 65535); candidate++) {
    if (await isPortFree(host, candidate)) return candidate;
  }
  return undefined;
}
