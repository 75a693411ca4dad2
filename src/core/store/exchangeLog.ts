import type { Exchange } from '../http/model';

/** Recent request/response exchanges, newest last, bounded. */
export class ExchangeLog {
  private readonly exchanges: Exchange[] = [];

  constructor(private readonly max = 200) {}

  add(exchange: Exchange): void {
    this.exchanges.push(exchange);
    if (this.exchanges.length > this.max) this.exchanges.shift();
  }

  latest(): Exchange | undefined {
    return this.exchanges[this.exchanges.length - 1];
  }
}
