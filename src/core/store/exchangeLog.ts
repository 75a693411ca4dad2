import type { Exchange } from '../model/exchange';

/**
 * Recent request/response exchanges, newest last, bounded by count and by the bytes of their response bodies
 * (the newest is always kept, whatever its size): they live in the extension host's memory.
 */
export class ExchangeLog {
  private readonly exchanges: Exchange[] = [];
  private bytes = 0;

  constructor(
    private readonly max = 200,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  add(exchange: Exchange): void {
    this.exchanges.push(exchange);
    this.bytes += exchange.response.body.length;
    while (this.exchanges.length > 1 && (this.exchanges.length > this.max || this.bytes > this.maxBytes)) {
      this.bytes -= (this.exchanges.shift() as Exchange).response.body.length;
    }
  }

  latest(): Exchange | undefined {
    return this.exchanges[this.exchanges.length - 1];
  }

  /** Exchanges kept and the bytes of their response bodies. */
  get size(): { readonly exchanges: number; readonly bytes: number } {
    return { exchanges: this.exchanges.length, bytes: this.bytes };
  }
}
