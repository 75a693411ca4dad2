import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the relay passes a body on: parsed as smee.io does, or as base64 of the exact bytes as gosmee does. */
export type RelayStyle = 'smee' | 'gosmee';

/**
 * A smee-compatible relay made for tests: a real `node:http` server on port 0. A provider POSTs to
 * `/<channel>`; every client reading `GET /<channel>` (Server-Sent Events) receives a `ready` event, then each
 * webhook as a message in the style chosen: smee.io's (headers as keys, `body` parsed, `query`, `timestamp`)
 * or gosmee's (`bodyB`, the exact bytes in base64). The test can drop the streams and send the last event again.
 */
export class SmeeRelay {
  private readonly streams = new Set<http.ServerResponse>();
  private readonly connectWatchers: Array<() => void> = [];
  private nextId = 0;
  /** Every message sent, as the data line of its event. */
  readonly sent: string[] = [];
  /** `Last-Event-ID` of each stream request, in order (undefined when none was sent). */
  readonly lastEventIds: Array<string | undefined> = [];
  /** `User-Agent` of each stream request. */
  readonly userAgents: string[] = [];
  /** Streams opened so far. */
  connections = 0;
  /** Answer the next stream requests with this status instead of a stream (0: stream). */
  refuseWith = 0;

  private constructor(
    private readonly server: http.Server,
    readonly origin: string,
    readonly style: RelayStyle,
  ) {}

  static async start(style: RelayStyle): Promise<SmeeRelay> {
    const made: { relay?: SmeeRelay } = {};
    const server = http.createServer((req, res) => made.relay?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const relay = new SmeeRelay(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, style);
    made.relay = relay;
    return relay;
  }

  channelUrl(channel = 'pushpullTestChannel01'): string {
    return `${this.origin}/${channel}`;
  }

  /** Resolves once `count` streams were opened in all. */
  async connected(count: number): Promise<void> {
    while (this.connections < count) await new Promise<void>((resolve) => this.connectWatchers.push(resolve));
  }

  /** Ends every open stream, as a relay restarting or a proxy timing out does. */
  dropStreams(): void {
    for (const res of this.streams) res.destroy();
    this.streams.clear();
  }

  /** Sends the last message again to every open stream, under a new event id. */
  resendLast(): void {
    const last = this.sent.at(-1);
    if (last !== undefined) this.broadcast(last, false);
  }

  /** Sends raw text on every open stream (for hostile events). */
  writeRaw(text: string): void {
    for (const res of this.streams) res.write(text);
  }

  async close(): Promise<void> {
    this.dropStreams();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method === 'GET') return this.stream(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', this.origin);
      const query = Object.fromEntries(url.searchParams);
      const message =
        this.style === 'smee'
          ? { ...req.headers, body: JSON.parse(raw.toString('utf8')) as unknown, query, timestamp: Date.now() }
          : { ...req.headers, timestamp: Date.now(), bodyB: raw.toString('base64') };
      this.broadcast(JSON.stringify(message), true);
      res.writeHead(this.style === 'smee' ? 200 : 202).end();
    });
  }

  private stream(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.lastEventIds.push(req.headers['last-event-id'] as string | undefined);
    this.userAgents.push(req.headers['user-agent'] ?? '');
    if (this.refuseWith) {
      res.writeHead(this.refuseWith).end('no such channel');
      this.connected_();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    // smee.io names its ready event; gosmee sends "ready" as a message's data.
    res.write(this.style === 'smee' ? `id: ${this.nextId++}\nevent: ready\ndata: {}\n\n` : 'data: ready\n\n');
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
    this.connected_();
  }

  private connected_(): void {
    this.connections++;
    for (const watcher of this.connectWatchers.splice(0)) watcher();
  }

  private broadcast(data: string, record: boolean): void {
    if (record) this.sent.push(data);
    const event = `id: ${this.nextId++}\ndata: ${data}\n\n`;
    for (const res of this.streams) res.write(event);
  }
}
