import type * as http from 'node:http';
import type { Clock, Logger } from '../clock';
import { Emitter } from '../event';
import { closing, refuseTooMany } from './answers';
import { RateLimiter, senderOf } from './rateLimit';

/** What the listener refused to protect its store from a flood, since it was made. */
export interface Refusals {
  /** Requests answered `429`: their sender was over the hooks-per-second limit. */
  readonly overRate: number;
  /** Connections closed unread: the connection limit was reached. */
  readonly overConnections: number;
}

/** A refusal is logged at most this often; the counts say how many there were in between. */
const LOG_EVERY_MS = 60_000;

/** A refused request whose body is at most this long (declared) is skipped, and its connection kept. */
const SKIPPABLE_BODY_BYTES = 64 * 1024;

/**
 * The listener's limits on senders: how many connections may be open, and how many hooks a second one
 * sender address may send. What is over them is refused before anything of it is read or stored, and counted.
 */
export class SenderGuard {
  private counts = { overRate: 0, overConnections: 0 };
  private logged = { overRate: 0, overConnections: 0 };
  private loggedAt = Number.NEGATIVE_INFINITY;
  private limiter = new RateLimiter(0);
  private readonly refused = new Emitter<void>();
  /** A request or connection was refused (see `refusals`). */
  readonly onDidRefuse = this.refused.event;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  get refusals(): Refusals {
    return { ...this.counts };
  }

  /** Closes connections to `server` past `maxConnections` (0: no limit) as they come, before reading them. */
  limitConnections(server: http.Server, maxConnections: number): void {
    if (maxConnections > 0) server.maxConnections = maxConnections;
    server.on('drop', (data) => {
      this.counts.overConnections++;
      this.refusedOne(`a connection from ${data?.remoteAddress ?? 'an unknown address'}`);
    });
  }

  /**
   * The rate limiter for a server starting with `perSecond` (0: no limit). A restart with the same limit keeps
   * the senders' buckets, so changing another setting gives no sender a new burst.
   */
  rateLimiter(perSecond: number): RateLimiter {
    if (this.limiter.perSecond !== perSecond) this.limiter = new RateLimiter(perSecond);
    return this.limiter;
  }

  /**
   * Whether `req` may go on to be read and stored. Otherwise it is answered here (`429` with `Retry-After`
   * when its sender is over the limit) and its body is skipped, or its connection closed after the answer
   * when the body is long, of unknown length, or awaited with `Expect: 100-continue`.
   */
  admit(req: http.IncomingMessage, res: http.ServerResponse, limiter: RateLimiter, closeAfter: boolean): boolean {
    // Sent behind a request whose answer closes the connection: never answered, never counted.
    if (closing.has(req.socket)) return false;
    const retryAfter = limiter.take(senderOf(req.socket.remoteAddress), this.clock.now());
    if (retryAfter === 0) return true;
    this.counts.overRate++;
    const { headers } = req;
    const length = Number(headers['content-length'] ?? 0);
    const skippable =
      headers['transfer-encoding'] === undefined && length <= SKIPPABLE_BODY_BYTES && headers.expect === undefined;
    refuseTooMany(res, retryAfter, limiter.perSecond, closeAfter || !skippable);
    if (skippable) req.resume();
    this.refusedOne(`a hook from ${req.socket.remoteAddress ?? 'an unknown address'}`);
    return false;
  }

  /** Logs the counts when something was refused since they were last logged (the listener stops). */
  logCounts(): void {
    const { overRate, overConnections } = this.counts;
    if (overRate !== this.logged.overRate || overConnections !== this.logged.overConnections) this.log('');
  }

  dispose(): void {
    this.refused.dispose();
  }

  private refusedOne(what: string): void {
    this.refused.fire();
    if (this.clock.now() - this.loggedAt >= LOG_EVERY_MS) this.log(`Refused ${what}. `);
  }

  private log(latest: string): void {
    this.loggedAt = this.clock.now();
    this.logged = { ...this.counts };
    const { overRate, overConnections } = this.counts;
    this.logger.warn(
      `${latest}Since the listener started it refused ${overRate} ${overRate === 1 ? 'hook' : 'hooks'} over the hooks-per-second limit of a sender (answered 429) and ${overConnections} ${overConnections === 1 ? 'connection' : 'connections'} over the connection limit; none of them was kept.`,
    );
  }
}
