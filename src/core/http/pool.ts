import * as diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { Agent, type Dispatcher, EnvHttpProxyAgent } from 'undici';
import { type ConnectPhases, timedConnector } from './connector';
import type { ProxyOptions, TlsOptions } from './connection';
import { tlsConnectOptions } from './tls';

/** What a request learnt about the connection it went over. */
export interface SocketUse {
  /** The phases of making the connection; undefined when it was reused or made by a proxy tunnel. */
  readonly phases?: ConnectPhases;
  readonly reused: boolean;
}

/** The settings that pick a dispatcher: requests with equal ones share connections. */
export interface DispatcherKey {
  readonly tls?: TlsOptions;
  readonly proxy?: ProxyOptions;
  readonly timeoutMs: number;
}

const SEND_HEADERS = 'undici:client:sendHeaders';

/**
 * Connections kept alive between requests, one undici dispatcher per TLS, proxy and timeout setting (an
 * EnvHttpProxyAgent: the given proxy, or HTTP_PROXY/HTTPS_PROXY/NO_PROXY from the environment). It also tells
 * each request which socket carried it, through undici's `sendHeaders` diagnostics channel: undici calls a
 * handler's `onConnect` and then publishes `sendHeaders` for that request in the same turn.
 */
export class ConnectionPool {
  private readonly dispatchers = new Map<string, Promise<Dispatcher>>();
  private readonly sockets = new WeakMap<Socket, { phases?: ConnectPhases; used: boolean }>();
  private claim: ((socket: Socket) => void) | undefined;
  private closed = false;
  private readonly onSendHeaders = (message: unknown): void => {
    const claim = this.claim;
    if (claim === undefined) return;
    this.claim = undefined;
    claim((message as { socket: Socket }).socket);
  };

  constructor() {
    diagnostics.subscribe(SEND_HEADERS, this.onSendHeaders);
  }

  /** The dispatcher for these settings, made (and its files read) the first time they are asked for. */
  dispatcherFor(key: DispatcherKey): Promise<Dispatcher> {
    const id =
      key.tls === undefined && key.proxy === undefined
        ? String(key.timeoutMs)
        : JSON.stringify([key.tls ?? null, key.proxy ?? null, key.timeoutMs]);
    let dispatcher = this.dispatchers.get(id);
    if (dispatcher === undefined) {
      dispatcher = this.build(key);
      this.dispatchers.set(id, dispatcher);
      // A file that could not be read is read again on the next request.
      dispatcher.catch(() => this.dispatchers.delete(id));
    }
    return dispatcher;
  }

  /** `claim` gets the socket of the request whose headers undici writes next (call it from `onConnect`). */
  expectSocket(claim: ((socket: Socket) => void) | undefined): void {
    this.claim = claim;
  }

  /** The connection phases of a socket's first request, or that it was reused. */
  socketUse(socket: Socket): SocketUse {
    const record = this.sockets.get(socket);
    if (record === undefined) {
      this.sockets.set(socket, { used: true });
      return { reused: false };
    }
    if (record.used) return { reused: true };
    record.used = true;
    return { phases: record.phases, reused: false };
  }

  /** Closes every connection; requests still running end with an error. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    diagnostics.unsubscribe(SEND_HEADERS, this.onSendHeaders);
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    await Promise.all(all.map((d) => d.then((x) => x.destroy()).catch(() => undefined)));
  }

  private async build(key: DispatcherKey): Promise<Dispatcher> {
    const tls = await tlsConnectOptions(key.tls);
    const timeout = key.timeoutMs;
    const connect = timedConnector({ ...tls, timeout }, (socket, phases) =>
      this.sockets.set(socket, { phases, used: false }),
    );
    const lax = key.proxy?.strictSSL === false;
    // With no proxy given or in the environment, every request would take EnvHttpProxyAgent's direct route anyway: a
    // plain Agent takes it without parsing the origin and reading NO_PROXY again for each request.
    if (!key.proxy?.url && !proxyInEnvironment()) return new Agent({ connect });
    return new EnvHttpProxyAgent({
      connect,
      // http goes to the proxy in absolute form (as curl sends it), https through a CONNECT tunnel.
      proxyTunnel: false,
      httpProxy: key.proxy?.url || undefined,
      httpsProxy: key.proxy?.url || undefined,
      noProxy: key.proxy?.noProxy,
      requestTls: { ...tls, timeout, ...(lax ? { rejectUnauthorized: false } : {}) },
      proxyTls: { timeout, ...(lax ? { rejectUnauthorized: false } : {}) },
    });
  }
}

/** Whether the environment names a proxy (as EnvHttpProxyAgent reads it when it is made). */
function proxyInEnvironment(): boolean {
  const env = process.env;
  return Boolean(env.http_proxy || env.HTTP_PROXY || env.https_proxy || env.HTTPS_PROXY);
}
