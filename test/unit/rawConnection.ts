import * as net from 'node:net';

/** One HTTP answer as read off a raw socket. */
export interface RawAnswer {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * A raw TCP connection to a listener that writes requests as given (pipelined or not) and reads the answers
 * one by one as they complete (Content-Length or chunked bodies).
 */
export class RawConnection {
  private text = '';
  private readonly answers: RawAnswer[] = [];
  private readonly waiting: Array<() => void> = [];
  /** Resolves once the connection has closed, with every byte it read. */
  readonly closed: Promise<string>;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (data: Buffer) => {
      this.text += data.toString('latin1');
      this.parse();
    });
    socket.on('error', () => undefined);
    let read = '';
    socket.on('data', (data: Buffer) => (read += data.toString('latin1')));
    this.closed = new Promise((resolve) => socket.on('close', () => resolve(read)));
    socket.on('close', () => this.wake());
  }

  /** Connects to `port` on 127.0.0.1, from `localAddress` when given (any 127.x.y.z works on Linux). */
  static open(port: number, localAddress?: string): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RawConnection(socket));
      });
    });
  }

  /** Writes `bytes` and resolves with the next `count` answers (fewer if the connection closes first). */
  async exchange(bytes: string, count = 1): Promise<RawAnswer[]> {
    const start = this.answers.length;
    this.socket.write(bytes);
    while (this.answers.length < start + count && !this.socket.destroyed) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    return this.answers.slice(start, start + count);
  }

  end(): void {
    this.socket.end();
  }

  private parse(): void {
    for (;;) {
      const headEnd = this.text.indexOf('\r\n\r\n');
      if (headEnd < 0) break;
      const [statusLine = '', ...lines] = this.text.slice(0, headEnd).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      const body = bodyOf(this.text.slice(headEnd + 4), headers);
      if (!body) break;
      this.answers.push({ status: Number(statusLine.split(' ')[1]), headers, body: body.text });
      this.text = this.text.slice(headEnd + 4 + body.used);
    }
    this.wake();
  }

  private wake(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

/** The body at the start of `rest` and how many characters it took, or undefined while incomplete. */
function bodyOf(rest: string, headers: Record<string, string>): { text: string; used: number } | undefined {
  if (headers['transfer-encoding'] !== 'chunked') {
    const length = Number(headers['content-length'] ?? 0);
    return rest.length < length ? undefined : { text: rest.slice(0, length), used: length };
  }
  let text = '';
  let at = 0;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(rest.slice(at, lineEnd), 16);
    if (rest.length < lineEnd + 2 + size + 2) return undefined;
    if (size === 0) return { text, used: lineEnd + 4 };
    text += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}
