import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock, Logger } from '../clock';
import { Emitter } from '../event';
import { forwardReceived } from '../relay/forward';
import type { HookStore } from '../store/hookStore';
import { declaredLength, readBodyWithin } from './body';
import { type BodyDigest, BodyHasher } from './bodyHasher';
import { buildHook, requestTarget } from './build';
import { type CapturedHook, HookIdGenerator } from './capture';
import { type Draining, drain } from './drain';
import { ListenerStartError, PortInUseError } from './errors';
import { pointsAt } from './selfTarget';
import { matchRoute, type Route } from './routes';
import { type SecretLookup, verdictFor } from './signing';

export interface ListenerOptions {
  readonly host: string;
  /** 0 picks any free port. */
  readonly port: number;
  readonly maxBodyBytes: number;
  readonly routes: readonly Route[];
  /** A client must send its request head within this many ms. */
  readonly headersTimeoutMs: number;
  /** A client must send its whole request within this many ms. */
  readonly requestTimeoutMs: number;
  /** Signing secrets of routes; the signature of every hook is checked on arrival. */
  readonly secretFor: SecretLookup;
}

export const defaultListenerOptions: ListenerOptions = {
  host: '127.0.0.1',
  port: 8787,
  maxBodyBytes: 25 * 1024 * 1024,
  routes: [],
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  secretFor: () => undefined,
};

export interface ListeningAddress {
  readonly host: string;
  readonly port: number;
  readonly url: string;
}

/** Receives webhooks on a local port: capture → store → only then answer → event → forward. */
export class HookListener {
  private server: http.Server | undefined;
  /** Counts starts: a request of an earlier server (one a restart replaced) closes its connection when answered. */
  private generation = 0;
  /** Servers replaced by a restart, finishing their requests. */
  private readonly draining = new Set<Draining>();
  private current: ListeningAddress | undefined;
  private options: ListenerOptions = defaultListenerOptions;
  private readonly ids = new HookIdGenerator();
  private readonly received = new Emitter<CapturedHook>();
  private readonly forwarded = new Emitter<string>();
  private readonly hasher = new BodyHasher();
  /** Aborted on stop: route delays still waiting and forwards still running end at once. */
  private stopping = new AbortController();
  /** A hook was stored and answered. */
  readonly onDidReceive = this.received.event;
  /** A stored hook's forward result was recorded (the hook id). */
  readonly onDidForward = this.forwarded.event;

  constructor(
    private readonly store: HookStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  get address(): ListeningAddress | undefined {
    return this.current;
  }

  /**
   * Starts listening. When already listening (new settings), the old server stops taking connections first
   * and finishes the requests it has in the background, so no sender in the middle of a request is cut off.
   */
  async start(partial: Partial<ListenerOptions>): Promise<ListeningAddress> {
    const generation = ++this.generation;
    if (this.server) this.retire(this.server);
    const options = { ...defaultListenerOptions, ...partial };
    // Ids continue after the newest stored hook, whatever the clock says now.
    const newest = this.store.newest(1)[0];
    if (newest) this.ids.after(newest.id);
    const server = http.createServer({
      headersTimeout: options.headersTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      // Node checks these timeouts only this often; its default (30 s) would let slow clients linger.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, options.headersTimeoutMs / 2)),
    });
    const serve = (req: http.IncomingMessage, res: http.ServerResponse): void => this.serve(req, res, generation);
    // Every header is kept: the head's size (16 KB) is the limit, not Node's default of 2,000 entries.
    server.maxHeadersCount = 0;
    server.on('request', serve);
    // Node would answer `100 Continue` by itself; a body declared over the limit is refused before it is sent.
    server.on('checkContinue', (req, res) => {
      if (declaredLength(req) > options.maxBodyBytes) refuseTooLarge(res, options.maxBodyBytes);
      else {
        res.writeContinue();
        serve(req, res);
      }
    });
    await listen(server, options);
    server.on('error', (error) => this.logger.error(`Listener error: ${error.message}`));
    const port = (server.address() as AddressInfo).port;
    this.server = server;
    this.options = options;
    this.stopping = new AbortController();
    const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
    this.current = { host: options.host, port, url: `http://${hostInUrl}:${port}` };
    this.logger.info(`Listening on ${this.current.url}`);
    return this.current;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server && this.draining.size === 0) return;
    this.server = undefined;
    this.current = undefined;
    this.stopping.abort();
    const closed = server
      ? new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        })
      : undefined;
    const draining = [...this.draining];
    for (const old of draining) old.cut();
    await Promise.all([closed, ...draining.map((old) => old.done)]);
    // Its thread is not kept while nothing listens; the next start makes one again when a large body comes.
    this.hasher.stop();
    this.logger.info('Listener stopped');
  }

  /** Hands the current server to `drain`; its delays and forwards end when it is cut. */
  private retire(server: http.Server): void {
    const stopping = this.stopping;
    const old = drain(server, this.options.requestTimeoutMs, () => stopping.abort());
    this.draining.add(old);
    void old.done.then(() => this.draining.delete(old));
    this.server = undefined;
    this.current = undefined;
  }

  dispose(): void {
    void this.stop().then(() => this.hasher.dispose());
    this.received.dispose();
    this.forwarded.dispose();
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse, generation: number): void {
    this.handle(req, res, generation).catch((error: unknown) => {
      this.logger.error(`Listener could not answer ${req.method ?? ''} ${req.url ?? ''}: ${String(error)}`);
      if (!res.headersSent) {
        res.writeHead(500, JSON_HEADERS);
        res.end(JSON.stringify({ error: 'internal_error' }));
      } else res.destroy();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, generation: number): Promise<void> {
    const { maxBodyBytes, routes } = this.options;
    const stopped = this.stopping.signal;
    const headAt = performance.now();
    const body = await readBodyWithin(req, maxBodyBytes);
    if (!body.ok) {
      if (body.reason === 'too_large') refuseTooLarge(res, maxBodyBytes);
      return;
    }
    const bodyMs = performance.now() - headAt;
    // Large bodies are hashed on a worker meanwhile; small ones by buildHook, without waiting a turn.
    const hashing = this.hasher.digest(body.parts);
    let digest: BodyDigest | undefined;
    try {
      if (hashing) digest = await hashing;
      // Stopped meanwhile: the connection is closed, nothing was answered, and the store may be closing.
      if (stopped.aborted) return;
    } catch (error) {
      if (stopped.aborted) return;
      refuseUnstored(res, `Could not hash a body of ${body.size} bytes: ${String(error)}`, this.logger);
      return;
    }
    const now = this.clock.now();
    const target = requestTarget(req.url);
    const route = matchRoute(routes, target.path);
    const answer = route?.response;
    const hook = buildHook(req, digest?.parts ?? body.parts, {
      target,
      id: this.ids.next(now),
      receivedAt: now,
      bodyMs,
      digest,
      listenerHost: this.current ? `${this.current.host}:${this.current.port}` : 'localhost',
      route: route?.name,
      answerStatus: answer?.status ?? 200,
      verdictOf: (parts) => verdictFor(parts, route, this.options.secretFor, this.clock),
    });
    // A request sent on a connection that a 413 closes (pipelined behind it) is never answered: not stored.
    if (closing.has(req.socket)) return;
    try {
      await this.store.add(hook);
    } catch (error) {
      refuseUnstored(res, `Could not store hook ${hook.id}: ${String(error)}`, this.logger);
      return;
    }
    // Its server was replaced (new settings) meanwhile: answered, then the connection closes.
    if (generation !== this.generation) res.setHeader('connection', 'close');
    if (answer) {
      if (answer.delayMs > 0) await delay(answer.delayMs, this.stopping.signal);
      res.writeHead(answer.status, withDefaultType(answer.headers));
      res.end(answer.body ?? defaultAnswer(hook.id));
    } else {
      res.writeHead(200, JSON_HEADERS);
      res.end(defaultAnswer(hook.id));
    }
    this.received.fire(hook);
    if (route?.forwardTo) void this.forward(hook, route.forwardTo);
  }

  private async forward(hook: CapturedHook, target: string): Promise<void> {
    const signal = this.stopping.signal;
    const result =
      this.current && pointsAt(target, this.current)
        ? {
            target,
            ms: 0,
            error: 'not forwarded: the target is this listener, and each forward would be received and forwarded again',
          }
        : await forwardReceived(hook, hook.body, target, signal);
    // Stopped meanwhile: the store may be closing, and the forward did not really fail.
    if (signal.aborted) return;
    if (result.error) this.logger.warn(`Forward of ${hook.id} to ${target} failed: ${result.error}`);
    try {
      await this.store.setForward(hook.id, result);
      this.forwarded.fire(hook.id);
    } catch (error) {
      this.logger.error(`Could not record the forward result of ${hook.id}: ${String(error)}`);
    }
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** A route's answer headers, with `content-type: application/json` unless they name a type (in any case). */
function withDefaultType(headers: Readonly<Record<string, string>>): Record<string, string> {
  const named = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
  return named ? { ...headers } : { 'content-type': 'application/json', ...headers };
}

/** `{"ok":true,"id":"…"}`; ids are digits and a dash, so no escaping is needed. */
function defaultAnswer(id: string): string {
  return `{"ok":true,"id":"${id}"}`;
}

/** Waits `ms`, or less when `signal` aborts. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/** 503: the hook was not kept, and the sender should try again. */
function refuseUnstored(res: http.ServerResponse, why: string, logger: Logger): void {
  logger.error(why);
  res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
  res.end(JSON.stringify({ error: 'not_stored' }));
}

/** Connections that close after the answer in progress. */
const closing = new WeakSet<object>();

function refuseTooLarge(res: http.ServerResponse, limit: number): void {
  if (res.socket) closing.add(res.socket);
  res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
  // The rest of the body is never read: the connection closes once the answer is out.
  res.end(JSON.stringify({ error: 'payload_too_large', limit }), () => res.socket?.destroy());
}

function listen(server: http.Server, options: ListenerOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.close();
      if (error.code === 'EADDRINUSE') reject(new PortInUseError(options.host, options.port, error));
      else
        reject(new ListenerStartError(`Could not listen on ${options.host}:${options.port}: ${error.message}`, error));
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
