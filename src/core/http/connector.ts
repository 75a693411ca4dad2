import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

/** How long a new connection took to make, in ms; a phase that did not happen is undefined. */
export interface ConnectPhases {
  readonly dns?: number;
  readonly connect: number;
  readonly tls?: number;
}

/**
 * undici's connector, timing each connection it makes: the name lookup (the socket's `lookup` event, absent for
 * an IP address), the TCP connect and the TLS handshake. `record` gets the socket and its phases once it is ready.
 */
export function timedConnector(
  options: buildConnector.BuildOptions,
  record: (socket: Socket, phases: ConnectPhases) => void,
): buildConnector.connector {
  const connect = buildConnector(options);
  return (target, callback) => {
    const started = performance.now();
    let looked: number | undefined;
    let connected: number | undefined;
    // buildConnector returns the socket it opens (its type says void): the phases are read from its events.
    const socket = connect(target, (...args) => {
      const [error, ready] = args;
      if (error !== null) return callback(error, null);
      const now = performance.now();
      const tcpDone = connected ?? now;
      record(ready, {
        dns: looked === undefined ? undefined : looked - started,
        connect: tcpDone - (looked ?? started),
        tls: target.protocol === 'https:' ? now - tcpDone : undefined,
      });
      callback(null, ready);
    }) as unknown as Socket | undefined;
    socket?.once('lookup', () => (looked = performance.now()));
    socket?.once('connect', () => (connected = performance.now()));
  };
}
