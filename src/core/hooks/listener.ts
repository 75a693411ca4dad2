import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock, Logger } from '../clock';
import { Emitter } from '../event';
import type { HookStore } from '../store/hookStore';
import { type CapturedHook, HookIdGenerator, pairHeaders } from './capture';
import { ListenerStartError, PortInUseError } from './errors';
import { readBodyWithin } from './body';

export interface ListenerOptions {
  readonly host: string;
  /** 0 picks any free port. */
  readonly port: number;
  readonly maxBodyBytes: number;
}

export const defaultListenerOptions: ListenerOptions = {
  host: '127.0.0.1',
  port: 8787,
  maxBodyBytes: 25 * 1024 * 1024,
};

export interface ListeningAddress {
  readonly host: string;
  readonly port: number;
  readonly url: string;
}

/** Receives webhooks on a local port: capture → store → only then answer → event. */
export class HookListener {
  private server: http.Server | undefined;
  private current: ListeningAddress | undefined;
  private readonly ids = new HookIdGenerator();
  private readonly received = new Emitter<CapturedHook>();
  readonly onDidReceive = this.received.event;

  constructor(
    private readonly store: HookStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  get address(): ListeningAddress | undefined {
    return this.current;
  }

  async start(options: ListenerOptions): Promise<ListeningAddress> {
    if (this.server) await this.stop();
    const server = http.createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, (req, res) => {
      void this.handle(req, res, options.maxBodyBytes);
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        server.close();
        if (error.code === 'EADDRINUSE') reject(new PortInUseError(options.host, options.port, error));
        else
          reject(
            new ListenerStartError(`Could not listen on ${options.host}:${options.port}: ${error.message}`, error),
          );
      };
      server.once('error', onError);
      server.listen(options.port, options.host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    server.on('error', (error) => this.logger.error(`Listener error: ${error.message}`));
    const port = (server.address() as AddressInfo).port;
    this.server = server;
    const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
    this.current = { host: options.host, port, url: `http://${hostInUrl}:${port}` };
    this.logger.info(`Listening on ${this.current.url}`);
    return this.current;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.current = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    this.logger.info('Listener stopped');
  }

  dispose(): void {
    void this.stop();
    this.received.dispose();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, maxBodyBytes: number): Promise<void> {
    const body = await readBodyWithin(req, maxBodyBytes);
    if (!body.ok && body.reason === 'aborted') return;
    if (!body.ok) {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ error: 'payload_too_large', limit: maxBodyBytes }));
      req.socket.destroySoon();
      return;
    }
    const now = this.clock.now();
    const rawUrl = req.url ?? '/';
    const hook: CapturedHook = {
      id: this.ids.next(now),
      receivedAt: now,
      method: req.method ?? 'GET',
      url: rawUrl,
      path: rawUrl.split('?')[0] ?? '/',
      headers: pairHeaders(req.rawHeaders),
      body: body.bytes,
      httpVersion: req.httpVersion,
      remoteAddress: req.socket.remoteAddress ?? '',
      remotePort: req.socket.remotePort ?? 0,
      bodySize: body.bytes.length,
      bodySha256: createHash('sha256').update(body.bytes).digest('hex'),
    };
    try {
      await this.store.add(hook);
    } catch (error) {
      this.logger.error(`Could not store hook ${hook.id}: ${String(error)}`);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'not_stored' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, id: hook.id }));
    this.received.fire(hook);
  }
}
