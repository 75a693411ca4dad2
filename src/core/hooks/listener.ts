import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, type Logger, systemTimers, type Timers } from '../clock';
import { Emitter } from '../event';
import { withoutCredentials } from '../http/credentials';
import { type Arrival, joinParts } from '../model/arrival';
import type { HookStore } from '../model/hookStore';
import {
  closing,
  defaultAnswer,
  delay,
  JSON_HEADERS,
  refuseTooLarge,
  refuseUnstored,
  withDefaultType,
} from './answers';
import { listen } from './bind';
import {
  closeIfReplaced,
  defaultListenerOptions,
  type ListenerOptions,
  type ListeningAddress,
  type Serving,
  STORE_GRACE_MS,
} from './serving';
import { declaredLength, readBodyWithin } from './body';
import { type BodyDigest, BodyHasher } from './bodyHasher';
import { buildArrival, requestTarget } from './build';
import { FORWARD_LOOP, type HookForwarder } from './forwarder';
import type { HookMeta } from '../model/hook';
import { HookIdGenerator } from './hookIds';
import { drain } from './drain';
import { cameBack, newLoopMarker, refuseLoop } from './loopMarker';
import { pointsAt, reachesListening } from './selfTarget';
import { matchRoute } from './routes';
import { RelayedError, relayedArrival, type RelayedRequest } from './relayed';
import { type Refusals, SenderGuard } from './senderGuard';
import { verdictFor } from './signing';

/** The listener's options and address are declared with its servers (`serving.ts`) and read from here. */
export { defaultListenerOptions, type ListenerOptions, type ListeningAddress };

/** The forward result of a listener made without a forwarder. */
const NO_FORWARDER = 'not forwarded: this listener was made without a forwarder';

/** Receives webhooks on a local port: capture → store → only then answer → event → forward. */
export class HookListener {
  private live: Serving | undefined;
  /** The current server and replaced ones with connections or forwards left: stop ends them all. */
  private readonly servings = new Set<Serving>();
  private readonly ids = new HookIdGenerator();
  private readonly received = new Emitter<HookMeta>();
  private readonly forwarded = new Emitter<string>();
  private readonly hasher = new BodyHasher();
  /** Added to the requests it forwards: one that comes back with it is refused, not stored and forwarded again. */
  private readonly marker = newLoopMarker();
  private readonly guard: SenderGuard;
  /** A hook was stored and answered. */
  readonly onDidReceive = this.received.event;
  /** A stored hook's forward result was recorded (the hook id). */
  readonly onDidForward = this.forwarded.event;

  constructor(
    private readonly store: HookStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Times how long bodies take to arrive and waits out route delays. */
    private readonly timers: Timers = systemTimers,
    /** Sends hooks to their route's `forwardTo`; without one, such a hook's forward result says it was not sent. */
    private readonly forwarder?: HookForwarder,
  ) {
    this.guard = new SenderGuard(clock, logger);
  }

  /** A request or connection was refused by a limit on senders (see `refusals`). */
  get onDidRefuse(): SenderGuard['onDidRefuse'] {
    return this.guard.onDidRefuse;
  }

  get address(): ListeningAddress | undefined {
    return this.live?.address;
  }

  /** What the limits on senders refused since this listener was made, across restarts. */
  get refusals(): Refusals {
    return this.guard.refusals;
  }

  /**
   * Starts listening. When already listening (new settings), the new server listens first and the old one then
   * stops taking connections and finishes the requests it has, so no sender in the middle of one is cut off; if
   * the new one cannot listen, the old one goes on as it was. On the same port (whatever the host: one port
   * cannot be bound twice) the old server lets go of it first, and listens there again with its options if the
   * new one still cannot.
   */
  async start(partial: Partial<ListenerOptions>): Promise<ListeningAddress> {
    const options = { ...defaultListenerOptions, ...partial };
    const previous = this.live;
    const samePort = previous?.address !== undefined && previous.address.port === options.port;
    if (previous && samePort) this.retire(previous);
    // Ids continue after the newest stored hook, whatever the clock says now.
    const newest = this.store.newest(1)[0];
    if (newest) this.ids.after(newest.id);
    try {
      return await this.listenWith(options);
    } catch (error) {
      if (previous?.address && samePort) {
        await this.listenWith({ ...previous.options, port: previous.address.port }).catch(() => undefined);
      }
      throw error;
    } finally {
      if (previous && !samePort && this.live !== previous) this.retire(previous);
    }
  }

  private async listenWith(options: ListenerOptions): Promise<ListeningAddress> {
    const server = http.createServer({
      headersTimeout: options.headersTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      // Node checks these timeouts only this often; its default (30 s) would let slow clients linger.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, options.headersTimeoutMs / 2)),
    });
    const serving: Serving = {
      server,
      options,
      limiter: this.guard.rateLimiter(options.maxHooksPerSecond),
      address: undefined,
      stopping: new AbortController(),
      selfTargets: new Set(),
      replaced: false,
      draining: undefined,
      drained: false,
      forwards: 0,
    };
    const serve = (req: http.IncomingMessage, res: http.ServerResponse): void => this.serve(req, res, serving);
    const admitted = (req: http.IncomingMessage, res: http.ServerResponse): boolean =>
      this.guard.admit(req, res, serving.limiter, serving.replaced);
    // Every header is kept: the head's size (16 KB) is the limit, not Node's default of 2,000 entries.
    server.maxHeadersCount = 0;
    this.guard.limitConnections(server, options.maxConnections);
    server.on('request', (req, res) => {
      if (admitted(req, res)) serve(req, res);
    });
    // Node would answer `100 Continue` by itself; a body declared over the limit is refused before it is sent.
    server.on('checkContinue', (req, res) => {
      if (!admitted(req, res)) return;
      if (declaredLength(req) > options.maxBodyBytes) refuseTooLarge(res, options.maxBodyBytes);
      else {
        res.writeContinue();
        serve(req, res);
      }
    });
    await listen(server, options);
    server.on('error', (error) => this.logger.error(`Listener error: ${error.message}`));
    const port = (server.address() as AddressInfo).port;
    const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
    const address = { host: options.host, port, url: `http://${hostInUrl}:${port}` };
    serving.address = address;
    serving.selfTargets = new Set(
      options.routes.flatMap((route) =>
        route.forwardTo && pointsAt(route.forwardTo, address) ? [route.forwardTo] : [],
      ),
    );
    this.live = serving;
    this.servings.add(serving);
    this.logger.info(`Listening on ${serving.address.url}`);
    return serving.address;
  }

  async stop(): Promise<void> {
    if (this.servings.size === 0) return;
    const servings = [...this.servings];
    this.servings.clear();
    this.live = undefined;
    await Promise.all(
      servings.map(({ server, stopping, draining }) => {
        stopping.abort();
        if (draining) {
          draining.cut();
          return draining.done;
        }
        return new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }),
    );
    // Its thread is not kept while nothing listens; the next start makes one again when a large body comes.
    this.hasher.stop();
    this.guard.logCounts();
    this.logger.info('Listener stopped');
  }

  /**
   * Hands a replaced server to `drain`. It has as long as a request may take to arrive, wait out its route's
   * delay and be stored; then what is left is cut, and its delays and forwards end.
   */
  private retire(old: Serving): void {
    old.replaced = true;
    if (this.live === old) this.live = undefined;
    const longestDelay = Math.max(0, ...old.options.routes.map((route) => route.response?.delayMs ?? 0));
    const graceMs = old.options.requestTimeoutMs + longestDelay + STORE_GRACE_MS;
    old.draining = drain(old.server, graceMs, () => old.stopping.abort());
    void old.draining.done.then(() => {
      old.drained = true;
      this.logger.info(`The replaced listener on ${old.address?.url ?? 'its old address'} has no connections left`);
      this.settle(old);
    });
  }

  /** A replaced server with nothing left to finish needs nothing from stop. */
  private settle(serving: Serving): void {
    if (serving.replaced && serving.drained && serving.forwards === 0) this.servings.delete(serving);
  }

  dispose(): void {
    void this.stop().then(() => {
      this.hasher.dispose();
      this.guard.dispose();
    });
    this.received.dispose();
    this.forwarded.dispose();
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse, serving: Serving): void {
    this.handle(req, res, serving).catch((error: unknown) => {
      this.logger.error(`Listener could not answer ${req.method ?? ''} ${req.url ?? ''}: ${String(error)}`);
      if (!res.headersSent) {
        closeIfReplaced(res, serving);
        res.writeHead(500, JSON_HEADERS);
        res.end(JSON.stringify({ error: 'internal_error' }));
      } else res.destroy();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, serving: Serving): Promise<void> {
    const { maxBodyBytes, routes, secretFor } = serving.options;
    const stopped = serving.stopping.signal;
    const headAt = this.timers.elapsed();
    const body = await readBodyWithin(req, maxBodyBytes);
    if (!body.ok) {
      if (body.reason === 'too_large') refuseTooLarge(res, maxBodyBytes);
      return;
    }
    if (cameBack(req, this.marker)) {
      closeIfReplaced(res, serving);
      refuseLoop(res, this.marker);
      return;
    }
    const bodyMs = this.timers.elapsed() - headAt;
    // Large bodies are hashed on a worker meanwhile; small ones by buildArrival, without waiting a turn.
    const hashing = this.hasher.digest(body.parts);
    let digest: BodyDigest | undefined;
    try {
      if (hashing) digest = await hashing;
      // Stopped meanwhile: the connection is closed, nothing was answered, and the store may be closing.
      if (stopped.aborted) return;
    } catch (error) {
      if (stopped.aborted) return;
      closeIfReplaced(res, serving);
      refuseUnstored(res, `Could not hash a body of ${body.size} bytes: ${String(error)}`, this.logger);
      return;
    }
    const now = this.clock.now();
    const target = requestTarget(req.url);
    const route = matchRoute(routes, target.path);
    const answer = route?.response;
    const arrival = buildArrival(req, digest?.parts ?? body.parts, {
      target,
      id: this.ids.next(now),
      receivedAt: now,
      bodyMs,
      digest,
      listenerHost: serving.address ? `${serving.address.host}:${serving.address.port}` : 'localhost',
      route: route?.name,
      answerStatus: answer?.status ?? 200,
      verdictOf: (parts) => verdictFor(parts, route, secretFor, this.clock),
    });
    // A request sent on a connection that a 413 closes (pipelined behind it) is never answered: not stored.
    if (closing.has(req.socket)) return;
    const hook = arrival.meta;
    try {
      await this.store.add(arrival);
    } catch (error) {
      closeIfReplaced(res, serving);
      refuseUnstored(res, `Could not store hook ${hook.id}: ${String(error)}`, this.logger);
      return;
    }
    if (answer) {
      if (answer.delayMs > 0) await delay(answer.delayMs, stopped, this.timers);
      closeIfReplaced(res, serving);
      res.writeHead(answer.status, withDefaultType(answer.headers));
      res.end(answer.body ?? defaultAnswer(hook.id));
    } else {
      closeIfReplaced(res, serving);
      res.writeHead(200, JSON_HEADERS);
      res.end(defaultAnswer(hook.id));
    }
    this.received.fire(hook);
    if (route?.forwardTo) void this.forward(arrival, route.forwardTo, serving, route.keepPath);
  }

  /** A request a relay channel delivered: verified, stored, announced and forwarded like one received here. */
  async receiveRelayed(request: RelayedRequest): Promise<HookMeta> {
    const serving = this.live;
    if (!serving) throw new RelayedError('NOT_LISTENING', 'The listener stopped: relayed hooks are not kept.');
    const { routes, secretFor, maxBodyBytes } = serving.options;
    const now = this.clock.now();
    const context = { id: this.ids.next(now), receivedAt: now, routes, secretFor, clock: this.clock, maxBodyBytes };
    const { arrival, route } = relayedArrival(request, context);
    await this.store.add(arrival);
    this.received.fire(arrival.meta);
    if (route?.forwardTo) void this.forward(arrival, route.forwardTo, serving, route.keepPath);
    return arrival.meta;
  }

  private async forward(arrival: Arrival, target: string, serving: Serving, keepPath?: boolean): Promise<void> {
    serving.forwards++;
    try {
      await this.forwardNow(arrival, target, serving, keepPath);
    } finally {
      serving.forwards--;
      this.settle(serving);
    }
  }

  private async forwardNow(arrival: Arrival, target: string, serving: Serving, keepPath?: boolean): Promise<void> {
    const signal = serving.stopping.signal;
    const hook = arrival.meta;
    const result = serving.selfTargets.has(target)
      ? { target: withoutCredentials(target), ms: 0, error: FORWARD_LOOP }
      : this.forwarder
        ? await this.forwarder(hook, joinParts(arrival.parts), target, {
            signal,
            isSelf: (a, p) => this.listensAt(a, p),
            marker: this.marker,
            keepPath,
          })
        : { target: withoutCredentials(target), ms: 0, error: NO_FORWARDER };
    // Stopped meanwhile: the store may be closing, and the forward did not really fail.
    if (signal.aborted) return;
    if (result.error) this.logger.warn(`Forward of ${hook.id} to ${result.target} failed: ${result.error}`);
    try {
      await this.store.setForward(hook.id, result);
      this.forwarded.fire(hook.id);
    } catch (error) {
      this.logger.error(`Could not record the forward result of ${hook.id}: ${String(error)}`);
    }
  }

  /** Whether one of this listener's servers listens where a socket connected to `address`:`port`. */
  private listensAt(address: string, port: number): boolean {
    for (const { server } of this.servings) {
      const bound = server.address();
      if (bound !== null && typeof bound === 'object' && reachesListening(bound, address, port)) return true;
    }
    return false;
  }
}
